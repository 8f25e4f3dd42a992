/**
 * Codecs of proto-lkh messages ({@link org.miked.lkh.wire.LkhCodec} has the bit diagrams). Decoders treat
 * input as hostile and throw {@link org.miked.common.wire.DecodeException} naming the field.
 */
package org.miked.lkh.wire;
