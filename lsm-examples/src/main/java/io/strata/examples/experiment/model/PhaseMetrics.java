package io.strata.examples.experiment.model;

import java.util.Map;

/**
 * What one phase of one run measured. Throughput, latencies, read amplification, stalls and
 * compactions count what happened during the phase; write and space amplification describe the
 * database at the end of the phase, since it was opened (a fill followed by an overwrite reports
 * the write amplification of both together after the overwrite). A ratio whose denominator is
 * zero (no user bytes yet, no gets in the phase) is null.
 *
 * @param phase the workload's name, e.g. {@code fillrandom} or {@code ycsb-a}
 * @param operations operations completed
 * @param seconds wall-clock time of the phase, seconds
 * @param opsPerSecond operations per second
 * @param latency per operation type ({@code read}, {@code update}, {@code insert}, {@code scan},
 *     {@code readmodifywrite}, {@code write}, {@code delete}, {@code seek})
 * @param writeAmp table bytes written by flushes and compactions / user bytes, since open
 * @param writeAmpWithLog (table bytes + log bytes) / user bytes, since open
 * @param spaceAmpFinal disk bytes / live logical bytes at the end of the phase
 * @param spaceAmpPeak the highest disk bytes / live logical bytes among the phase's samples
 * @param diskBytesFinal live table and log bytes at the end of the phase
 * @param diskBytesPeak the highest disk bytes among the phase's samples
 * @param liveLogicalBytes live keys times their key and value lengths at the end of the phase
 * @param gets point lookups in the phase
 * @param filterProbesPerGet tables whose filter was probed, per get
 * @param tablesReadPerGet tables whose data blocks were read, per get
 * @param dataBlocksPerGet data blocks read (cache hits and misses), per get, in phases with at
 *     most one iterator seek per thousand gets (iterators read data blocks too)
 * @param filterUsefulness filter negatives / filter probes: the share of probes that saved a read
 * @param scans range scans (iterator seeks) in the phase
 * @param blocksPerScan data blocks read per scan, in phases that only scan or seek
 * @param stallSeconds seconds writers spent stalled, all causes
 * @param stallSecondsByCause per cause ({@code LEVEL0_FILES}, {@code MEMTABLES},
 *     {@code STRATEGY}, {@code WRITE_BUFFER_MANAGER}), seconds
 * @param stallCountByCause per cause, stalls
 * @param compactions compactions completed during the phase, or after its last operation and
 *     before the next phase began (trivial moves included)
 * @param compactionBytesIn their input bytes
 * @param compactionBytesOut their output bytes
 * @param compactionP50Millis median compaction duration, milliseconds
 * @param compactionP99Millis 99th percentile compaction duration, milliseconds
 * @param compactionMaxMillis longest compaction, milliseconds
 * @param userBytes key and value bytes written by the workload since open
 * @param logBytes bytes appended to write-ahead logs since open
 * @param tableBytesWritten bytes of tables written by flushes and compactions since open
 */
public record PhaseMetrics(String phase, long operations, double seconds, double opsPerSecond,
    Map<String, LatencySummary> latency, Double writeAmp, Double writeAmpWithLog,
    Double spaceAmpFinal, Double spaceAmpPeak, long diskBytesFinal, long diskBytesPeak,
    long liveLogicalBytes, long gets, Double filterProbesPerGet, Double tablesReadPerGet,
    Double dataBlocksPerGet, Double filterUsefulness, long scans, Double blocksPerScan,
    double stallSeconds, Map<String, Double> stallSecondsByCause,
    Map<String, Long> stallCountByCause, int compactions, long compactionBytesIn,
    long compactionBytesOut, Double compactionP50Millis, Double compactionP99Millis,
    Double compactionMaxMillis, long userBytes, long logBytes, long tableBytesWritten) {
  public PhaseMetrics {
    latency = Map.copyOf(latency);
    stallSecondsByCause = Map.copyOf(stallSecondsByCause);
    stallCountByCause = Map.copyOf(stallCountByCause);
  }
}
