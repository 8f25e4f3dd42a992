/** DS components that register GDH.2 ({@code gdh2}) and GDH.3 ({@code gdh3}) (private). */
package org.miked.gdh.internal;
