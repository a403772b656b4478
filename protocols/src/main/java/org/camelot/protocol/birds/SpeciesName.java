package org.camelot.protocol.birds;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One row of a species CSV: a species code with its scientific and English names. */
record SpeciesName(@JsonProperty("species_id") String speciesId,
                   @JsonProperty("sci_name") String sciName,
                   @JsonProperty("en_us") String enUs) {

    /** The columns of the file, in their order, as named in its header. */
    static final List<String> COLUMNS = List.of("species_id", "sci_name", "en_us");
}
