package io.eventbank.view.projection.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MongoTimeoutsTest {

    @Test
    void theViewsMongoClientNeverWaitsWithoutALimit() {
        MongoClientSettings.Builder builder = MongoClientSettings.builder();
        new ViewConfiguration().mongoTimeouts().customize(builder);
        MongoClientSettings settings = builder.build();

        assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.SECONDS)).isEqualTo(30);
    }
}
