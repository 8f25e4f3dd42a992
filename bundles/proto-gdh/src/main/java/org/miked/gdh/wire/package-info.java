/** Codec of GDH.2 / GDH.3 / CLIQUES-leave messages (private). */
package org.miked.gdh.wire;
