/**
 * Pure parts of the real dispatcher: the exclusion filter (member ids and CIDR prefixes, IPv4 as
 * IPv4-mapped IPv6) and the member-to-address table for unicast.
 */
package org.miked.dispatcher.real.core;
