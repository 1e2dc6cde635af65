package io.strata.core.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteBufferManagerTest {
  @Test
  void reservationsStayWithinTheBudget() {
    WriteBufferManager m = new WriteBufferManager(1000);
    assertThat(m.tryReserve(600)).isTrue();
    assertThat(m.tryReserve(500)).isFalse();
    assertThat(m.usageBytes()).isEqualTo(600);
    assertThat(m.tryReserve(400)).isTrue();
    assertThat(m.usageBytes()).isEqualTo(1000);
    m.adjust(-1000);
    // Alone, a write larger than the budget goes through.
    assertThat(m.tryReserve(5000)).isTrue();
    assertThat(m.tryReserve(1)).isFalse();
  }

  @Test
  void shouldFlushFollowsRocksDb() {
    WriteBufferManager m = new WriteBufferManager(800);
    m.adjust(700); // 7/8 of 800
    assertThat(m.shouldFlush()).isFalse();
    m.adjust(1);
    assertThat(m.shouldFlush()).isTrue();
    m.markImmutable(301); // 400 mutable, 301 immutable
    assertThat(m.shouldFlush()).isFalse();
    m.adjust(100); // total 801 >= 800 and mutable 500 >= 400
    assertThat(m.shouldFlush()).isTrue();
    m.markImmutable(200); // mutable 300 < 400: flushing more would not help
    assertThat(m.shouldFlush()).isFalse();
    m.free(501, 300);
    assertThat(m.usageBytes()).isZero();
    assertThat(m.mutableBytes()).isZero();
  }

  @Test
  void aWaiterAsksTheLargestOtherParticipantToFlush() throws InterruptedException {
    WriteBufferManager m = new WriteBufferManager(100);
    AtomicInteger asked = new AtomicInteger(-1);
    WriteBufferManager.Participant[] ps = new WriteBufferManager.Participant[3];
    long[] held = {10, 70, 20};
    for (int i = 0; i < 3; i++) {
      int n = i;
      ps[i] = new WriteBufferManager.Participant() {
        @Override public long mutableBytes() {
          return held[n];
        }

        @Override public void requestFlush() {
          asked.set(n);
        }
      };
      m.register(ps[i]);
    }
    m.awaitFreed(ps[2], TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(asked.get()).isEqualTo(1);
    asked.set(-1);
    m.awaitFreed(ps[1], TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(asked.get()).isEqualTo(2);
    // While a memtable is flushing somewhere, nobody is asked.
    asked.set(-1);
    m.adjust(50);
    m.markImmutable(50);
    m.awaitFreed(ps[2], TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(asked.get()).isEqualTo(-1);
  }
}
