package org.camelot.protocol.birds;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * One row of a FeederWatch survey CSV: a count of one species at one site on one day.
 *
 * @param num the count; an empty value in the file reads as 0
 */
@JsonPropertyOrder({"loc_id", "latitude", "longitude", "region", "year", "month", "day", "species_id", "num"})
record Sighting(@JsonProperty("loc_id") String locId,
                @JsonProperty("latitude") @JsonDeserialize(using = CsvNumbers.Float.class) double latitude,
                @JsonProperty("longitude") @JsonDeserialize(using = CsvNumbers.Float.class) double longitude,
                @JsonProperty("region") String region,
                @JsonProperty("year") @JsonDeserialize(using = CsvNumbers.Int.class) int year,
                @JsonProperty("month") @JsonDeserialize(using = CsvNumbers.Int.class) int month,
                @JsonProperty("day") @JsonDeserialize(using = CsvNumbers.Int.class) int day,
                @JsonProperty("species_id") String speciesId,
                @JsonProperty("num") @JsonDeserialize(using = CsvNumbers.FloatOrZero.class) double num) {

    /** The columns of the file, in their order, as named in its header. */
    static final List<String> COLUMNS = List.of("loc_id", "latitude", "longitude", "region", "year", "month", "day",
            "species_id", "num");
}
