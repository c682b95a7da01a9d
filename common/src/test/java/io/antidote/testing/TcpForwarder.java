package io.antidote.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP endpoint on 127.0.0.1 that forwards every connection to a target port, and that a test can
 * stop (the listener and every open connection closed, as when a server goes away) and start again
 * on the same port. Put between a client and a server whose state must survive the outage, such as
 * S3Proxy's in-memory store.
 *
 * <p>{@link #stopWhenClientSends} stops it from inside the byte stream: the first client chunk
 * holding the given text (an S3 request line naming a key) is not forwarded, and the endpoint is
 * down before the server sees that request. That pins an outage to a point of a protocol with no
 * hook of its own, with no race against the client.
 */
public final class TcpForwarder implements AutoCloseable {
  private final int targetPort;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger trips = new AtomicInteger();
  private volatile ServerSocket listener;
  private volatile byte[][] triggers;

  private TcpForwarder(int targetPort, int port) {
    this.targetPort = targetPort;
    this.port = port;
  }

  /** Listens on a free port and forwards to {@code targetPort} on 127.0.0.1. */
  public static TcpForwarder start(int targetPort) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    TcpForwarder f = new TcpForwarder(targetPort, port);
    f.restart();
    return f;
  }

  public int port() {
    return port;
  }

  public boolean isListening() {
    ServerSocket l = listener;
    return l != null && !l.isClosed();
  }

  /** Times the endpoint was stopped by {@link #stopWhenClientSends}'s text. */
  public int trips() {
    return trips.get();
  }

  /**
   * Stops the endpoint at the first client chunk containing any of {@code texts} (ASCII; matched
   * across chunk boundaries), without forwarding it. One trip, then the triggers are cleared. The
   * texts are matched in request bodies too: start them with the method ("PUT /bucket/...") when a
   * body may quote the key.
   */
  public void stopWhenClientSends(String... texts) {
    byte[][] t = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      t[i] = texts[i].getBytes(StandardCharsets.ISO_8859_1);
    }
    triggers = t;
  }

  /** Listens again on the same port. */
  public synchronized void restart() throws IOException {
    if (isListening()) {
      return;
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    listener = s;
    Thread t = new Thread(() -> accept(s), "tcp-forwarder-" + port);
    t.setDaemon(true);
    t.start();
  }

  /** Closes the listener and every open connection: clients see resets and refused connects. */
  public synchronized void stop() {
    ServerSocket l = listener;
    if (l != null) {
      closeQuietly(l);
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
    open.clear();
  }

  @Override
  public void close() {
    stop();
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException closed) {
        return;
      }
      Socket server = new Socket();
      try {
        server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(server);
        continue;
      }
      synchronized (this) {
        if (s.isClosed()) {
          // Stopped while this connection was being set up: it must not outlive the stop.
          closeQuietly(client);
          closeQuietly(server);
          return;
        }
        open.add(client);
        open.add(server);
      }
      pump(client, server, true);
      pump(server, client, false);
    }
  }

  private void pump(Socket from, Socket to, boolean fromClient) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              // The last bytes of the previous chunk, so a trigger split across chunks matches.
              byte[] tail = new byte[0];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  byte[][] t0 = triggers;
                  if (fromClient && t0 != null) {
                    byte[] window = new byte[tail.length + n];
                    System.arraycopy(tail, 0, window, 0, tail.length);
                    System.arraycopy(buf, 0, window, tail.length, n);
                    int longest = 0;
                    for (byte[] t1 : t0) {
                      if (contains(window, t1)) {
                        trip();
                        return;
                      }
                      longest = Math.max(longest, t1.length);
                    }
                    int keep = Math.min(window.length, longest - 1);
                    tail =
                        java.util.Arrays.copyOfRange(window, window.length - keep, window.length);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException closed) {
                // Either side went away, or the endpoint was stopped.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-forwarder-" + port + (fromClient ? "-up" : "-down"));
    t.setDaemon(true);
    t.start();
  }

  private synchronized void trip() {
    if (triggers != null) {
      triggers = null;
      trips.incrementAndGet();
      stop();
    }
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Closing is all that is asked.
    }
  }
}
