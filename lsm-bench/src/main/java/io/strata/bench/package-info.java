/**
 * Benchmarks of Strata: JMH micro-benchmarks of the engine's hot paths, and the peer runner that
 * runs db_bench's and YCSB's workloads on Strata, RocksDB through JNI and the pure-Java LevelDB
 * port with identical settings.
 */
package io.strata.bench;
