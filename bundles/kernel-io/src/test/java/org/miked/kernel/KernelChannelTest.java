package org.miked.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miked.api.sa.SaException;
import org.miked.common.wire.DecodeException;

/**
 * The reader thread and request/reply hand-over against a scripted socket. Messages are text, one or more
 * per datagram separated by ';'; "bad" does not decode. The script answers each request with what
 * {@link #answer} makes of it.
 */
class KernelChannelTest {
    final BlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<String> notified = new CopyOnWriteArrayList<>();
    volatile Function<String, String> answer = req -> "re:" + req;
    volatile boolean socketClosed;
    KernelChannel<String> channel;

    final KernelChannel.Socket socket = new KernelChannel.Socket() {
        @Override
        public void send(byte[] msg) throws KernelSocket.Failure {
            String s = new String(msg, StandardCharsets.US_ASCII);
            if (s.equals("fail")) {
                throw new KernelSocket.Failure("send", Errno.EPERM);
            }
            sent.add(s);
            String a = answer.apply(s);
            if (a != null) {
                push(a);
            }
        }

        @Override
        public int receive(byte[] buf) {
            try {
                byte[] b = inbound.poll(20, TimeUnit.MILLISECONDS);
                if (b == null) {
                    return -1;
                }
                System.arraycopy(b, 0, buf, 0, b.length);
                return b.length;
            } catch (InterruptedException e) {
                return -1;
            }
        }

        @Override
        public void close() {
            socketClosed = true;
        }
    };

    static List<String> decode(byte[] buf, int n) throws DecodeException {
        String s = new String(buf, 0, n, StandardCharsets.US_ASCII);
        if (s.equals("bad")) {
            throw new DecodeException("bad: not a message");
        }
        return List.of(s.split(";"));
    }

    void push(String s) {
        inbound.add(s.getBytes(StandardCharsets.US_ASCII));
    }

    KernelChannel<String> open(java.util.function.Consumer<String> notifications, long timeoutMs) {
        channel = new KernelChannel<>("TEST", "test-reader", socket, KernelChannelTest::decode, notifications,
                System.getLogger("test"), timeoutMs);
        return channel;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    @Test
    void theReplyGoesToTheCallerEverythingElseToTheNotifications() throws Exception {
        open(notified::add, 2000);
        answer = req -> "expire 7;re:" + req + ";other";
        assertThat(channel.request(b("add 1"), m -> m.equals("re:add 1"), "add 1")).isEqualTo("re:add 1");
        push("expire 8");
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (notified.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(notified).containsExactly("expire 7", "other", "expire 8");
        assertThat(sent).containsExactly("add 1");
    }

    @Test
    void noReplyTimesOutNamingTheRequest() {
        open(null, 100);
        answer = req -> "unrelated";
        assertThatThrownBy(() -> channel.request(b("add 2"), m -> m.equals("re:add 2"), "seq 2"))
                .isInstanceOf(SaException.class).hasMessage("TEST: no answer from the kernel to seq 2 within 100 ms");
    }

    @Test
    void aMalformedMessageFailsThePendingRequestAndIsOnlyLoggedOtherwise() throws Exception {
        open(notified::add, 2000);
        push("bad"); // nothing pending: skipped
        answer = req -> "bad";
        assertThatThrownBy(() -> channel.request(b("add 3"), m -> true, "add 3"))
                .hasMessage("TEST: malformed answer from the kernel: bad: not a message");
        answer = req -> "re:" + req;
        assertThat(channel.request(b("add 4"), m -> m.equals("re:add 4"), "add 4")).isEqualTo("re:add 4");
        assertThat(notified).isEmpty();
    }

    @Test
    void aSendFailureCarriesTheErrno() {
        open(null, 2000);
        assertThatThrownBy(() -> channel.request(b("fail"), m -> true, "x")).isInstanceOf(SaException.class)
                .hasMessageStartingWith("TEST send failed: EPERM (1)");
    }

    @Test
    void aNotificationHandlerThatWaitsForTheCallerDoesNotStallTheReply() throws Exception {
        // the sinks' expiry handler takes the lock that a caller holds while it waits for its reply
        CountDownLatch requestDone = new CountDownLatch(1);
        List<String> seen = new ArrayList<>();
        open(m -> {
            try {
                requestDone.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (seen) {
                seen.add(m);
            }
        }, 1000);
        answer = req -> null;
        push("expire 9");
        Thread.sleep(100); // the handler is now blocked on the latch
        answer = req -> "re:" + req;
        assertThat(channel.request(b("add 5"), m -> m.equals("re:add 5"), "add 5")).isEqualTo("re:add 5");
        requestDone.countDown();
        channel.close();
        synchronized (seen) {
            assertThat(seen).containsExactly("expire 9");
        }
    }

    @Test
    void closeStopsTheThreadsClosesTheSocketAndRefusesRequests() {
        open(notified::add, 2000);
        channel.close();
        assertThat(socketClosed).isTrue();
        assertThatThrownBy(() -> channel.request(b("add 6"), m -> true, "add 6")).hasMessageContaining("closed");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("test-reader"));
    }
}
