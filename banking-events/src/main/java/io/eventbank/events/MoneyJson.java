package io.eventbank.events;

import io.eventbank.eventstore.DomainException;
import java.math.BigDecimal;
import java.util.function.Function;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Reads {@link Money} from a JSON string ({@code "12.50"}) or number ({@code 12.5}), applying one of
 * Money's factories. A value the factory refuses, or text that is no decimal, fails as an
 * {@link InvalidFormatException} naming the field (HTTP APIs answer it as a field-level 400); any
 * other token (object, array, boolean) as a mismatched input. A negative zero ({@code "-0.00"}) is refused
 * like any negative value.
 */
public final class MoneyJson {

    private MoneyJson() {
    }

    /** {@link Money#of}: any sum; Money's own default, used for events, snapshots and balances. */
    public static final class AnySum extends Reader {
        public AnySum() {
            super(Money::of);
        }
    }

    /** {@link Money#amount}: what one command moves. For request fields: {@code @JsonDeserialize(using = ...)}. */
    public static final class Amount extends Reader {
        public Amount() {
            super(Money::amount);
        }
    }

    /** {@link Money#opening}: what an account opens with. For request fields. */
    public static final class Opening extends Reader {
        public Opening() {
            super(Money::opening);
        }
    }

    abstract static class Reader extends StdScalarDeserializer<Money> {

        private final Function<BigDecimal, Money> factory;

        Reader(Function<BigDecimal, Money> factory) {
            super(Money.class);
            this.factory = factory;
        }

        @Override
        public Money deserialize(JsonParser p, DeserializationContext ctxt) {
            JsonToken token = p.currentToken();
            BigDecimal value;
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                value = p.getDecimalValue();
            } else if (token == JsonToken.VALUE_STRING) {
                String text = p.getString().strip();
                try {
                    value = new BigDecimal(text);
                } catch (NumberFormatException e) {
                    throw InvalidFormatException.from(p, "Amount must be a decimal number", text, Money.class);
                }
            } else {
                return (Money) ctxt.handleUnexpectedToken(Money.class, p);
            }
            if (value.signum() == 0 && p.getString().strip().startsWith("-")) {
                throw InvalidFormatException.from(p, "Amount must not be negative", p.getString(), Money.class);
            }
            try {
                return factory.apply(value);
            } catch (DomainException e) {
                throw InvalidFormatException.from(p, e.getMessage(), value, Money.class);
            }
        }
    }
}
