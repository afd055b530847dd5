package io.dualmigrate.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** conf/schemas/read-log.schema.json accepts exactly what the parser accepts. */
class ReadLogSchemaTest {

    private static final JsonSchema SCHEMA = load();

    private static JsonSchema load() {
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(
                            Files.readString(
                                    Path.of("..", "conf", "schemas", "read-log.schema.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // good
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'old','event_time':1,'found':false}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'new','event_time':1,"
                        + "'found':true,'version':3,'payload':{'a':1},'latency_ms':2.5,'x':1}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'old','event_time':1,"
                        + "'error':'timeout'}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'old',"
                        + "'event_time':'2024-05-01T12:00:00.123456Z','found':false}",
                "{'request_id':'r','entity':'c','key':{'id':1},"
                        + "'event_time':'2024-05-01 12:00:00+02','old':{'found':false},"
                        + "'new':{'found':true,'payload':{},'error':null}}",
                "{'request_id':'r','entity':'c','key':{'id':1},'event_time':1,"
                        + "'old':{'error':'down'},'new':{'found':false,'version':null}}",
                // bad
                "{'entity':'c','key':{'id':1},'side':'old','event_time':1,'found':false}",
                "{'request_id':' ','entity':'c','key':{'id':1},'side':'old','event_time':1,"
                        + "'found':false}",
                "{'request_id':'r','entity':'c','key':{},'side':'old','event_time':1,'found':false}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'mid','event_time':1,"
                        + "'found':false}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'old',"
                        + "'event_time':'2024-05-01T12:00:00','found':false}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'old','event_time':1.5,"
                        + "'found':false}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'old','event_time':1}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'old','event_time':1,"
                        + "'found':true}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'old','event_time':1,"
                        + "'found':'yes'}",
                "{'request_id':'r','entity':'c','key':{'id':1},'side':'old','event_time':1,"
                        + "'found':true,'payload':{},'version':'3'}",
                "{'request_id':'r','entity':'c','key':{'id':1},'event_time':1,'old':{'found':false}}",
                "{'request_id':'r','entity':'c','key':{'id':1},'event_time':1,'side':'old',"
                        + "'found':false,'old':{'found':false}}",
                "{'request_id':'r','entity':'c','key':{'id':1},'event_time':1}",
                "{'request_id':'r','entity':'c','key':{'id':1},'event_time':1,"
                        + "'old':{'found':false},'new':{'found':true,'payload':1}}",
            })
    void schemaAndParserAgree(String singleQuoted) throws Exception {
        String json = singleQuoted.replace('\'', '"');
        JsonNode node = ReadLogParser.JSON.readTree(json);
        ReadEvent parsed = ReadLogParser.parse(json.getBytes(StandardCharsets.UTF_8));
        var errors = SCHEMA.validate(node);
        assertThat(errors.isEmpty())
                .as("schema errors %s, parser problem %s", errors, parsed.problem)
                .isEqualTo(parsed.problem == null);
    }
}
