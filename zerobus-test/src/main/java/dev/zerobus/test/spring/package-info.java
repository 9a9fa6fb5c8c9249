/**
 * Spring test support: {@link dev.zerobus.test.spring.EmbeddedZerobus}. Needs {@code spring-test} on the test
 * classpath (an optional dependency of zerobus-test).
 */
package dev.zerobus.test.spring;
