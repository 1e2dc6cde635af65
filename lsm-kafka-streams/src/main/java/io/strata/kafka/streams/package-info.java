/**
 * Strata as Kafka Streams' state store: store suppliers for key-value, timestamped key-value,
 * window and session stores, and a {@code DslStoreSuppliers} that moves every DSL store of an
 * application to Strata.
 */
package io.strata.kafka.streams;
