package org.miked.api.protocol;

import java.util.List;
import org.miked.api.MemberId;
import org.osgi.annotation.versioning.ConsumerType;

/** One host's state machine for agreeing a sender secret in one group. */
@ConsumerType
public interface AgreementSession {
    /**
     * Starts a run. Abandons any run in progress. Every member is started with the same run number and
     * member list (the GMF's coordinator announces them).
     *
     * @param run run number, increasing
     * @param members the senders taking part, in the order every member uses; includes this host
     */
    void start(long run, List<MemberId> members);

    /**
     * @param from authenticated sender of the message
     * @param body protocol message (hostile input: validate everything)
     */
    void onMessage(MemberId from, byte[] body);

    /** Cancels timers and forgets secrets. */
    void close();
}
