package io.dualmigrate.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class KeyEncodingTest {

    @Test
    void distinctKeysNeverCollide() {
        assertThat(KeyEncoding.encode(List.of("a:b", "c")))
                .isNotEqualTo(KeyEncoding.encode(List.of("a", "b:c")));
        assertThat(KeyEncoding.encode(Arrays.asList((String) null)))
                .isNotEqualTo(KeyEncoding.encode(List.of("NULL")));
        assertThat(KeyEncoding.encode(List.of("1;", "2")))
                .isNotEqualTo(KeyEncoding.encode(List.of("1", ";2")));
    }

    @Test
    void changeEventIsSerializedAsPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ChangeEvent.class);
    }
}
