package io.eventbank.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsToPort9000ForAuth8081To8083ForTheApisAnd8080ForTheWebApp() {
        StackOptions options = StackOptions.parse(List.of(), ROOT);

        assertThat(options.ports()).containsExactly(9000, 8081, 8082, 8083, 8080);
        assertThat(options.port(ServiceDefinition.ACCOUNT_VIEW)).isEqualTo(8083);
        assertThat(options.readyTimeout()).isEqualTo(StackOptions.DEFAULT_TIMEOUT);
        assertThat(options.help()).isFalse();
        assertThat(options.data()).isEqualTo(ROOT.resolve(".local-stack/data"));
        assertThat(options.fresh()).isFalse();
    }

    @Test
    void runsTheApisAsSeveralInstancesAHundredPortsApartAndAuthAndWebOnce() {
        StackOptions options = StackOptions.parse(List.of("--instances", "2"), ROOT);

        assertThat(options.instancesOf(ServiceDefinition.ACCOUNTS)).isEqualTo(2);
        assertThat(options.instancesOf(ServiceDefinition.AUTH)).isEqualTo(1);
        assertThat(options.instancesOf(ServiceDefinition.WEB)).isEqualTo(1);
        assertThat(options.port(ServiceDefinition.TRANSFERS, 2)).isEqualTo(8182);
        assertThat(StackOptions.parse(List.of(), ROOT).instances()).isEqualTo(1);
        assertThatThrownBy(() -> StackOptions.parse(List.of("--instances", "10"), ROOT)).hasMessageContaining("at most 9");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--instances", "0"), ROOT))
                .hasMessageContaining("not a positive number: 0");
    }

    @Test
    void keepsDataWhereToldAndStartsFreshOnlyWhenAsked() {
        StackOptions options = StackOptions.parse(List.of("--fresh", "--data", "build/stack"), ROOT);

        assertThat(options.fresh()).isTrue();
        assertThat(options.data()).isEqualTo(Path.of("/repo/build/stack"));
        assertThat(StackOptions.parse(List.of("--data=/tmp/x"), ROOT).data()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void acceptsPortsAndTimeoutInBothSpellings() {
        assertThat(StackOptions.parse(List.of("--ports", "9000,9001,9002,9003,9004", "--timeout", "30"), ROOT))
                .extracting(StackOptions::ports, StackOptions::readyTimeout)
                .containsExactly(List.of(9000, 9001, 9002, 9003, 9004), Duration.ofSeconds(30));
        assertThat(StackOptions.parse(List.of("--ports=9000,9001,9002,9003,9004", "--timeout=30"), ROOT).ports())
                .containsExactly(9000, 9001, 9002, 9003, 9004);
    }

    @Test
    void rejectsWrongPortLists() {
        assertThatThrownBy(() -> StackOptions.parse(List.of("--ports", "9001,9002"), ROOT))
                .hasMessageContaining("needs 5");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--ports", "9000,9001,9001,9002,9003"), ROOT))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--ports", "9000,9001,x,9002,9003"), ROOT))
                .hasMessageContaining("not a positive number: x");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--ports"), ROOT))
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--verbose"), ROOT))
                .hasMessageContaining("unknown option --verbose");
    }
}
