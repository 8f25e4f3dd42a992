package org.miked.gmf.core;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import org.miked.api.auth.AuthScheme;
import org.miked.api.auth.AuthSession;
import org.miked.api.policy.GroupPolicy;
import org.miked.api.sa.IpsecProtocol;
import org.miked.api.sa.SaCapability;
import org.miked.api.sa.SaException;
import org.miked.api.sa.SaSink;
import org.miked.common.net.IpLiteral;

/**
 * Binds the components every group role needs by the names its policy gives: the two authentication
 * schemes (messages, rekeys) with their open sessions, and the SA sink, checked against what the MSAs
 * need. Protocols are bound by the role classes; this class knows nothing of senders or receivers.
 */
final class GroupComponents {
    private final Host host;
    private AuthScheme authScheme;
    private AuthScheme rekeyScheme;
    private AuthSession auth;
    private AuthSession rekeyAuth;
    private SaSink sink;

    GroupComponents(Host host) {
        this.host = host;
    }

    /**
     * Binds schemes and sink, opening sessions only for schemes that changed since the last bind.
     *
     * @param policy the group's policy
     * @param disclose what the rekey scheme calls when it wants to speak on its own (TESLA disclosure)
     * @param onCloseFailure told when closing a replaced session threw
     * @return what is missing or unfit, or null if everything is there
     */
    String bind(GroupPolicy policy, Consumer<byte[]> disclose, Consumer<String> onCloseFailure) {
        Registry r = host.registry();
        AuthScheme a = r.auth(policy.auth());
        AuthScheme ra = r.auth(policy.rekeyAuth());
        if (a == null) {
            return "authentication scheme '" + policy.auth() + "' is not deployed";
        }
        if (ra == null) {
            return "authentication scheme '" + policy.rekeyAuth() + "' is not deployed";
        }
        if (r.sink(policy.saSink()) == null) {
            return "SA sink '" + policy.saSink() + "' is not deployed";
        }
        if (a != authScheme) {
            closeQuietly(auth, onCloseFailure);
            authScheme = a;
            auth = a.open(policy, host.runtime());
        }
        if (ra != rekeyScheme) {
            closeQuietly(rekeyAuth, onCloseFailure);
            rekeyScheme = ra;
            rekeyAuth = ra.open(policy, host.runtime(), disclose);
        }
        try {
            sink = host.sink(policy.saSink());
        } catch (SaException e) {
            return "SA sink '" + policy.saSink() + "' cannot work here: " + e.getMessage();
        }
        return unfit(policy, sink);
    }

    /**
     * @return why the sink cannot install this policy's MSAs (from its capability set), or null if it can
     */
    static String unfit(GroupPolicy policy, SaSink sink) {
        Set<SaCapability> need = EnumSet.noneOf(SaCapability.class);
        need.add(SaCapability.ESP);
        if (policy.suite().protocol() == IpsecProtocol.AH_ESP) {
            need.add(SaCapability.AH);
        }
        byte[] data = IpLiteral.tryParse(policy.dataAddress());
        need.add(data != null && data.length == 16 ? SaCapability.IPV6 : SaCapability.IPV4);
        Set<SaCapability> has = sink.capabilities();
        need.removeAll(has);
        if (need.isEmpty()) {
            return null;
        }
        return "SA sink '" + policy.saSink() + "' cannot install this group's MSAs: it lacks " + need
                + " (it supports " + has + ")";
    }

    private static void closeQuietly(AuthSession session, Consumer<String> onFailure) {
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                onFailure.accept("closing an authentication session failed: " + e);
            }
        }
    }

    /** @return true if a scheme this group bound is no longer the deployed one */
    boolean schemesChanged(GroupPolicy policy) {
        Registry r = host.registry();
        return (authScheme != null && r.auth(policy.auth()) != authScheme)
                || (rekeyScheme != null && r.auth(policy.rekeyAuth()) != rekeyScheme);
    }

    /** Forgets the bound schemes, so that the next {@link #bind} opens new sessions. */
    void forgetSchemes() {
        authScheme = null;
        rekeyScheme = null;
    }

    /** Closes the sessions and forgets the schemes (the group is left). */
    void close(Consumer<String> onCloseFailure) {
        closeQuietly(auth, onCloseFailure);
        closeQuietly(rekeyAuth, onCloseFailure);
        auth = null;
        rekeyAuth = null;
        forgetSchemes();
    }

    /** @return the session for agreement, control and unicast messages, or null when unbound or closed */
    AuthSession auth() {
        return auth;
    }

    /** @return the session for multicast rekeys, or null when unbound or closed */
    AuthSession rekeyAuth() {
        return rekeyAuth;
    }

    /** @return the bound sink, or null */
    SaSink sink() {
        return sink;
    }

    /**
     * @param closed a sink the host closed (undeployed or replaced)
     * @return true if this group was using it (it no longer is)
     */
    boolean dropSink(SaSink closed) {
        if (sink != closed) {
            return false;
        }
        sink = null;
        return true;
    }
}
