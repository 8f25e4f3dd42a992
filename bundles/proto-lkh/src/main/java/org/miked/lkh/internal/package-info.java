/** The DS component that registers {@code KeyDistributionProtocol} {@code "lkh"}. */
package org.miked.lkh.internal;
