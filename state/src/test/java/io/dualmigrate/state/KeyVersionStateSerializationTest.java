package io.dualmigrate.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class KeyVersionStateSerializationTest {

    @Test
    void isSerializedAsPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(KeyVersionState.class);
    }

    @Test
    void roundTripsThroughFlinksSerializer() throws Exception {
        TypeSerializer<KeyVersionState> serializer =
                TypeInformation.of(KeyVersionState.class).createSerializer(new ExecutionConfig());
        KeyVersionState original = KeyVersionState.tombstone(42L, 1_700_000_000_000L);

        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(original, out);
        KeyVersionState copy =
                serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(copy).isEqualTo(original);
    }
}
