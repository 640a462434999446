package io.oichat.testing;

import io.oichat.OiChat;
import io.oichat.RequestOptions;
import io.oichat.model.Attachment;
import io.oichat.model.CreateRoomParams;
import io.oichat.model.Room;
import io.oichat.model.RoomType;
import io.oichat.model.UploadOptions;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run by {@code UploadStreamingTest} in a JVM whose heap is smaller than what it uploads: a file
 * and a stream of {@code args[0]} bytes each ({@code args[1]}: the file, holding {@link Lines}).
 * Prints each attachment's id; it could not finish if the SDK held either upload in memory.
 */
public final class LargeUploads {
    private LargeUploads() {}

    public static void main(String[] args) {
        long size = Long.parseLong(args[0]);
        OiChat oichat = OiChat.fromEnv();
        Room room = oichat.rooms().create(CreateRoomParams.builder().type(RoomType.GROUP)
                .participants("large-a", "large-b").build());
        RequestOptions patient = RequestOptions.builder().timeout(Duration.ofSeconds(60)).build();
        Attachment file = oichat.attachments().upload(room.roomId(), Path.of(args[1]),
                UploadOptions.named("large-file.txt"), patient);
        Attachment stream = oichat.attachments().upload(room.roomId(), new Lines(size),
                UploadOptions.named("large-stream.txt"), patient);
        System.out.println("heap " + Runtime.getRuntime().maxMemory());
        System.out.println("file " + file.attachmentId());
        System.out.println("stream " + stream.attachmentId());
    }

    /** {@code size} bytes of text, made as they are read: a 17-byte line over and over. */
    public static final class Lines extends InputStream {
        private static final byte[] LINE = "0123456789abcdef\n".getBytes(StandardCharsets.US_ASCII);
        private final long size;
        private long at;

        public Lines(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return at < size ? LINE[(int) (at++ % LINE.length)] : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (at >= size) return -1;
            int n = (int) Math.min(len, size - at);
            for (int i = 0; i < n; i++) b[off + i] = LINE[(int) (at++ % LINE.length)];
            return n;
        }
    }
}
