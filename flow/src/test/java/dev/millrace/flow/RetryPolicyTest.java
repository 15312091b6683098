package dev.millrace.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void exponentialBackoffDoublesAndIsCapped() {
    var policy =
        new RetryPolicy(
            10, RetryPolicy.Backoff.EXPONENTIAL, Duration.ofMillis(500), Duration.ofSeconds(3));
    assertThat(policy.delayBefore(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.delayBefore(2)).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy.delayBefore(3)).isEqualTo(Duration.ofMillis(2000));
    assertThat(policy.delayBefore(4)).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.delayBefore(60)).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void fixedBackoffWaitsTheSameEachTime() {
    var policy =
        new RetryPolicy(
            3, RetryPolicy.Backoff.FIXED, Duration.ofMillis(200), Duration.ofSeconds(3));
    assertThat(policy.delayBefore(1)).isEqualTo(policy.delayBefore(5));
  }
}
