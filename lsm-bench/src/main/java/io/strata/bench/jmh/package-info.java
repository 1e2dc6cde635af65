/**
 * JMH micro-benchmarks of the engine's hot paths, each measuring lsm-core's own classes: the
 * {@code skiplist} memtable, a data block's seek, the bloom filter, a table's point lookup from
 * the block cache and from the page cache, the log's group commit, the merging iterator, and a
 * full compaction through the engine. Run them all with {@code java -jar
 * lsm-bench/target/benchmarks.jar} after {@code mvn -B -DskipTests package}; the README's
 * "Micro-benchmarks" section gives a short profile and the figures of one run.
 */
package io.strata.bench.jmh;
