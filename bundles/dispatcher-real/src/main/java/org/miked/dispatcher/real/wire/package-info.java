/** The one thing the dispatcher reads of a payload: the group and sender an envelope claims. */
package org.miked.dispatcher.real.wire;
