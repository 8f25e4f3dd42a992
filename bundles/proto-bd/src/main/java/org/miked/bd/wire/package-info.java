/** Codec of Burmester-Desmedt messages (private). */
package org.miked.bd.wire;
