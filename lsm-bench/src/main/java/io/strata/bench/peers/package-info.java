/**
 * The peers of {@code strata experiment}: RocksDB through JNI ({@link
 * io.strata.bench.peers.RocksDbAdapter}, {@code rocksdb}) and the pure-Java LevelDB port ({@link
 * io.strata.bench.peers.Iq80Adapter}, {@code iq80}) as engine adapters, found by the experiment
 * through {@link java.util.ServiceLoader}, so that they run the same workloads, phases,
 * settling and measurements as Strata's compaction strategies. Run them with {@code
 * ./strata-bench experiment --configs leveled,tiered,rocksdb,iq80 ...}.
 */
package io.strata.bench.peers;
