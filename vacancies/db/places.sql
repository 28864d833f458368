-- vacancies_place_key(text): a place as the post list compares it, without case or
-- accents, and only up to its first comma or bracket ("Tripoli, Libya" -> "tripoli",
-- "Priština" -> "pristina"). The same as vacancies.importer.places.place_key for the
-- letters below, which cover the Latin letters of the missions' places: the unaccent
-- extension is not in every Postgres (the embedded one lacks it), translate() is.
-- IMMUTABLE, so the expression indexes post_duty_station_place and post_location_place
-- hold it; changing it means a migration that rebuilds them.

CREATE OR REPLACE FUNCTION vacancies_place_key(place text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT btrim(regexp_replace(split_part(split_part(translate(lower(place),
        'àáâãäåāăąçćĉčďđèéêëēĕėęěĝğģĥħìíîïĩīĭįıĵķĺļľłñńņňòóôõöøōŏőŕŗřśŝşșšţțťùúûüũūŭůűųŵýÿŷźżž',
        'aaaaaaaaaccccddeeeeeeeeeggghhiiiiiiiiijkllllnnnnooooooooorrrssssstttuuuuuuuuuuwyyyzzz'),
        ',', 1), '(', 1), '\s+', ' ', 'g'));
$$;
