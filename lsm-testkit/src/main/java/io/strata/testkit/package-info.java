/**
 * Test building blocks for Strata and for the plugins written against its SPI: a file system
 * that injects faults and simulates power loss, JUnit 5 contract suites a plugin's own tests
 * extend, and {@link io.strata.testkit.DbStress}, a concurrency stress run checked against the
 * expected state of every key.
 */
package io.strata.testkit;
