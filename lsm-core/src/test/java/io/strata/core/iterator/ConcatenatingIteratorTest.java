package io.strata.core.iterator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.api.BytewiseComparator;
import io.strata.api.spi.InternalIterator;
import io.strata.api.spi.InternalKey;
import io.strata.api.spi.InternalKeyComparator;
import io.strata.api.spi.InternalKeys;
import io.strata.api.spi.ValueType;
import io.strata.api.spi.version.FileMetaData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ConcatenatingIteratorTest {
  private static final InternalKeyComparator CMP =
      new InternalKeyComparator(BytewiseComparator.INSTANCE);

  private static byte[] userKey(int i) {
    return String.format("key%05d", i).getBytes(StandardCharsets.UTF_8);
  }

  /** A level: disjoint files in order, their contents, and counters of open iterators. */
  private static final class Level {
    final List<FileMetaData> files = new ArrayList<>();
    final Map<Long, TreeMap<byte[], byte[]>> contents = new HashMap<>();
    final TreeMap<byte[], byte[]> model = new TreeMap<>(CMP);
    final int[] open = {0};
    int opens;
    boolean overlappingOpen;

    void addFile(TreeMap<byte[], byte[]> run, byte[] smallest, byte[] largest) {
      long number = files.size() + 1;
      files.add(new FileMetaData(number, 1000, InternalKey.decode(smallest),
          InternalKey.decode(largest)));
      contents.put(number, run);
      model.putAll(run);
    }

    InternalIterator open(FileMetaData file) {
      opens++;
      if (open[0] != 0) {
        overlappingOpen = true;
      }
      return new SortedRunIterator(contents.get(file.fileNumber()), CMP, open);
    }
  }

  /**
   * Random files over even user keys, 1-3 versions each, cut at user-key boundaries; with some
   * probability an empty file whose range is an odd user key between two real files.
   */
  private static Level randomLevel(Random random) {
    Level level = new Level();
    int fileCount = random.nextInt(7);
    int userKey = 0;
    long sequence = 1_000_000;
    for (int f = 0; f < fileCount; f++) {
      if (f > 0 && random.nextInt(4) == 0) {
        byte[] gap = userKey(userKey + 1);
        level.addFile(new TreeMap<>(CMP), InternalKeys.encode(gap, 9, ValueType.VALUE),
            InternalKeys.encode(gap, 1, ValueType.VALUE));
      }
      TreeMap<byte[], byte[]> run = new TreeMap<>(CMP);
      int keys = 1 + random.nextInt(15);
      for (int k = 0; k < keys; k++) {
        userKey += 2 * (1 + random.nextInt(3));
        int versions = 1 + random.nextInt(3);
        for (int v = 0; v < versions; v++) {
          ValueType type = random.nextInt(4) == 0 ? ValueType.DELETION : ValueType.VALUE;
          run.put(InternalKeys.encode(userKey(userKey), sequence--, type),
              ("v" + sequence).getBytes(StandardCharsets.UTF_8));
        }
      }
      level.addFile(run, run.firstKey(), run.lastKey());
    }
    return level;
  }

  @Test
  void behavesLikeTheConcatenationOfItsFiles() throws Exception {
    long seed = System.nanoTime();
    System.out.println("ConcatenatingIteratorTest seed=" + seed);
    Random random = new Random(seed);
    for (int round = 0; round < 80; round++) {
      Level level = randomLevel(random);
      ConcatenatingIterator it = new ConcatenatingIterator(CMP, level.files, level::open);
      assertThat(level.opens).as("constructor opens nothing").isZero();
      ModelCursor cursor = new ModelCursor(new ArrayList<>(level.model.keySet()),
          new ArrayList<>(level.model.values()), CMP);
      try {
        cursor.checkScans(it);
        cursor.run(it, random, 300, () -> InternalKeys.encode(userKey(random.nextInt(250)),
            random.nextInt(10) == 0 ? InternalKey.MAX_SEQUENCE
                : 999_000 + random.nextInt(1100), ValueType.VALUE));
        assertThat(level.overlappingOpen).as("two files open at once").isFalse();
        assertThat(level.open[0]).isLessThanOrEqualTo(1);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + " round " + round, e);
      }
      it.close();
      it.close();
      assertThat(level.open[0]).isZero();
    }
  }

  @Test
  void seekPastTheLastFileClosesTheOpenFile() throws Exception {
    Level level;
    Random random = new Random(7);
    do {
      level = randomLevel(random);
    } while (level.files.size() < 2);
    ConcatenatingIterator it = new ConcatenatingIterator(CMP, level.files, level::open);
    it.seekToFirst();
    assertThat(level.open[0]).isEqualTo(1);
    it.seek(InternalKeys.encode(userKey(99_999), 1, ValueType.VALUE));
    assertThat(it.isValid()).isFalse();
    assertThat(level.open[0]).isZero();
    assertThatThrownBy(it::next).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void emptyLevelIsNeverValid() throws Exception {
    ConcatenatingIterator it = new ConcatenatingIterator(CMP, List.of(), file -> {
      throw new AssertionError("no file to open");
    });
    it.seekToFirst();
    assertThat(it.isValid()).isFalse();
    it.seekToLast();
    assertThat(it.isValid()).isFalse();
    it.seek(InternalKeys.encode(userKey(1), 1, ValueType.VALUE));
    assertThat(it.isValid()).isFalse();
    it.close();
  }

  @Test
  void openFailurePropagatesAndLeavesTheIteratorInvalid() throws Exception {
    Level level;
    Random random = new Random(3);
    do {
      level = randomLevel(random);
    } while (level.files.size() < 2);
    Level l = level;
    long secondFile = level.files.get(level.files.size() - 1).fileNumber();
    ConcatenatingIterator it = new ConcatenatingIterator(CMP, level.files, file -> {
      if (file.fileNumber() == secondFile) {
        throw new IOException("cannot open " + file.fileNumber());
      }
      return l.open(file);
    });
    it.seekToFirst();
    assertThat(it.isValid()).isTrue();
    assertThatThrownBy(it::seekToLast).isInstanceOf(IOException.class)
        .hasMessage("cannot open " + secondFile);
    assertThat(it.isValid()).isFalse();
    assertThat(level.open[0]).isZero();
    it.seekToFirst();
    assertThat(it.key()).isEqualTo(level.model.firstKey());
    it.close();
  }
}
