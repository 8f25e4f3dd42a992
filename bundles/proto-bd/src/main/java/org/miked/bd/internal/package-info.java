/** The DS component that registers Burmester-Desmedt as {@code miked.protocol=bd} (private). */
package org.miked.bd.internal;
