/**
 * Test building blocks for Strata and for the plugins written against its SPI: a file system
 * that injects faults and simulates power loss, and JUnit 5 contract suites a plugin's own tests
 * extend.
 */
package io.strata.testkit;
