/**
 * What protocol cores get injected instead of doing I/O themselves: a {@link org.miked.api.runtime.Clock},
 * a {@link org.miked.api.runtime.Scheduler} and a {@link org.miked.api.runtime.RandomSource}.
 * The real dispatcher backs them with the wall clock, an executor and {@code SecureRandom}; the
 * simulator backs them with a virtual clock, its event queue and a seeded generator, which is what
 * makes a simulated run repeat exactly.
 *
 * <p>1.1.0: {@link org.miked.api.runtime.HostRuntime#cryptoMemo()}, through which the simulated hosts of
 * one network check an identical signature once ({@link org.miked.api.runtime.CryptoMemo}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.3.0")
package org.miked.api.runtime;
