/**
 * The {@code io.strata:strata} artifact, which holds no code of its own: it depends on the
 * engine and every built-in plugin, so that one dependency is enough to open a database.
 *
 * <table>
 *   <caption>What the artifact brings</caption>
 *   <tr><th>artifact</th><th>what it holds</th></tr>
 *   <tr><td>{@code io.strata:lsm-api}</td><td>the public API ({@code io.strata.api.Db},
 *       {@code Options}, {@code WriteBatch}, {@code Snapshot}, {@code DbIterator}) and the
 *       SPI</td></tr>
 *   <tr><td>{@code io.strata:lsm-core}</td><td>the engine ({@code io.strata.core.Strata}), the
 *       {@code skiplist} memtable and the {@code block-based} table format</td></tr>
 *   <tr><td>{@code io.strata:lsm-manifest}</td><td>the {@code manifest} version set</td></tr>
 *   <tr><td>{@code io.strata:lsm-compaction-leveled}</td><td>the {@code leveled} compaction
 *       strategy</td></tr>
 *   <tr><td>{@code io.strata:lsm-compaction-tiered}</td><td>the {@code tiered} compaction
 *       strategy</td></tr>
 * </table>
 *
 * <p>Logging goes through the SLF4J API; the application chooses the provider (none is
 * brought, so without one SLF4J prints a single warning and logs nothing).
 */
package io.strata;
