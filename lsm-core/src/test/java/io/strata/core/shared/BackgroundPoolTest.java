package io.strata.core.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BackgroundPoolTest {
  @Test
  void aLaneRunsItsTasksOneAtATimeInOrder() throws Exception {
    BackgroundPool pool = new BackgroundPool(4, "test-pool-");
    pool.start();
    try {
      ExecutorService lane = pool.newLane(BackgroundPool.Kind.COMPACTION);
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      List<Integer> order = Collections.synchronizedList(new ArrayList<>());
      for (int i = 0; i < 200; i++) {
        int n = i;
        lane.execute(() -> {
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          order.add(n);
          Thread.yield();
          running.decrementAndGet();
        });
      }
      lane.shutdown();
      assertThat(lane.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(maxRunning.get()).isEqualTo(1);
      assertThat(order).hasSize(200).isSorted();
      assertThatThrownBy(() -> lane.execute(() -> { }))
          .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    } finally {
      assertThat(pool.shutdown(TimeUnit.SECONDS.toNanos(10))).isTrue();
    }
  }

  @Test
  void aFlushDoesNotWaitBehindCompactions() throws Exception {
    BackgroundPool pool = new BackgroundPool(2, "test-pool-");
    pool.start();
    CountDownLatch release = new CountDownLatch(1);
    try {
      // Two databases' long compactions: only one may hold a thread, leaving one for flushes.
      AtomicInteger compactionsStarted = new AtomicInteger();
      for (int i = 0; i < 2; i++) {
        pool.newLane(BackgroundPool.Kind.COMPACTION).execute(() -> {
          compactionsStarted.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      CountDownLatch flushed = new CountDownLatch(1);
      pool.newLane(BackgroundPool.Kind.FLUSH).execute(flushed::countDown);
      flushed.await(); // would hang (and time out) if the flush waited behind a compaction
      // The flush may run before a pool thread has picked up the first compaction: wait for it,
      // then the second must still be waiting for a thread.
      while (compactionsStarted.get() == 0) {
        Thread.onSpinWait();
      }
      assertThat(compactionsStarted.get()).isEqualTo(1);
    } finally {
      release.countDown();
      assertThat(pool.shutdown(TimeUnit.SECONDS.toNanos(10))).isTrue();
    }
  }

  @Test
  void withOneThreadQueuedFlushesGoFirst() throws Exception {
    BackgroundPool pool = new BackgroundPool(1, "test-pool-");
    pool.start();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    try {
      pool.newLane(BackgroundPool.Kind.COMPACTION).execute(() -> {
        running.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      running.await();
      pool.newLane(BackgroundPool.Kind.COMPACTION).execute(() -> order.add("compaction"));
      pool.newLane(BackgroundPool.Kind.FLUSH).execute(() -> order.add("flush"));
      release.countDown();
    } finally {
      assertThat(pool.shutdown(TimeUnit.SECONDS.toNanos(10))).isTrue();
    }
    assertThat(order).containsExactly("flush", "compaction");
  }

  @Test
  void rejectsANonPositiveSize() {
    assertThatThrownBy(() -> new BackgroundPool(0, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backgroundThreads must be > 0, was 0");
  }
}
