package io.eventbank.infra;

/**
 * Where the infrastructure answers.
 *
 * @param postgresAdminUrl JDBC URL of the server's {@code postgres} database
 * @param kafkaBootstrapServers Kafka bootstrap address ({@code host:port[,host:port]})
 * @param mongoUri MongoDB connection string, without database
 */
public record InfraEndpoints(
        String postgresAdminUrl,
        String postgresUser,
        String postgresPassword,
        String kafkaBootstrapServers,
        String mongoUri) {
}
