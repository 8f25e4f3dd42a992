/**
 * The GMF's codecs, apart from its state machines: the envelope around every key-management body
 * ({@link org.miked.gmf.wire.EnvelopeCodec}, bit diagram there) and the senders' control messages
 * ({@link org.miked.gmf.wire.ControlCodec}: START, HELLO, EPOCH, BYE). Decoders only ever throw
 * {@link org.miked.common.wire.DecodeException} naming the field.
 *
 * <pre>
 *  received:  datagram --decodePrefix--> EnvelopeIn (untrusted: routing only)
 *             scheme-authenticated bytes --decodeExact--> Envelope --CONTROL body--> ControlCodec.decode
 *  sent:      Control --ControlCodec.encode--> body --Envelope--> EnvelopeCodec.encode --> scheme seals
 * </pre>
 */
package org.miked.gmf.wire;
