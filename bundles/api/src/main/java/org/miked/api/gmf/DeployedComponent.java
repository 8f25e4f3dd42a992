package org.miked.api.gmf;

/**
 * A protocol, authentication scheme, SA sink or dispatcher that is deployed and bound.
 *
 * @param kind {@code "agreement"}, {@code "distribution"}, {@code "auth"}, {@code "sink"} or
 *     {@code "dispatcher"}
 * @param name the name policies select it by
 * @param bundle symbolic name of the bundle that provides it
 * @param version version of that bundle
 */
public record DeployedComponent(String kind, String name, String bundle, String version) {
}
