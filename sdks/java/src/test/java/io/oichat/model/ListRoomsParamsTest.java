package io.oichat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metadata filters go out as the server reads them, and those it could not read fail at the builder. */
class ListRoomsParamsTest {
    @Test
    void metadataFiltersTheServerCannotReadAreRefusedBeforeSending() {
        ListRoomsParams.Builder builder = ListRoomsParams.builder();
        for (int i = 0; i < ListRoomsParams.MAX_METADATA_FILTERS; i++) builder.metadata("k" + i, i);
        assertThrows(IllegalArgumentException.class, () -> builder.metadata("one-too-many", "x"));
        assertEquals(10, builder.metadata("k0", "replaced").build().metadata().size(), "a key again replaces it");
        assertThrows(IllegalArgumentException.class, () -> ListRoomsParams.builder().metadata("a=b", "c"));
        assertThrows(IllegalArgumentException.class, () -> ListRoomsParams.builder().metadata("", "c"));
        assertThrows(IllegalArgumentException.class, () -> ListRoomsParams.builder().metadata(Map.of("k", List.of())));
        assertThrows(IllegalArgumentException.class, () -> ListRoomsParams.builder().metadata("k", 1e-9));
        assertEquals(List.of("a=1", "b=0.5", "c=true", "d=x=y"), ListRoomsParams.builder().metadata("a", 1.0)
                .metadata("b", 0.5).metadata("c", true).metadata("d", "x=y").build().metadataQuery());
        assertEquals(List.of("f=0.1", "g=-3", "h=12345678901234567890"), ListRoomsParams.builder()
                .metadata(Map.of("f", 0.1f)).metadata(Map.of("g", -3.0)).metadata(Map.of("h",
                        new java.math.BigInteger("12345678901234567890"))).build().metadataQuery());
    }
}
