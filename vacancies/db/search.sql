-- Full-text search of posts: Post.search_vector, a weighted tsvector of the post and what
-- surrounds it. Triggers, not Django signals: the importer bulk-creates sections and the
-- admin edits missions and calls, and neither goes through Post.save().
-- The configuration, pg_catalog.english, is vacancies.search.SEARCH_CONFIG's.

-- Words joined by a slash or a hyphen are words of their own, in the document and in the
-- query alike. Postgres's parser reads 'Adviser/Chief' as one file path (lexeme
-- 'adviser/chief': neither 'adviser' nor 'chief' finds it) and 'Anti-Corruption' as the
-- compound 'anti-corrupt' plus its parts (so the query 'anti-corruption' missed 'anti
-- corruption'). A zero-width space after the mark ends the word for the parser and prints
-- nothing: headlines show the text as written once vacancies.search drops it again.
CREATE OR REPLACE FUNCTION vacancies_search_words(text text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(text, '(?<=\w)([-/])(?=\w)', '\1' || chr(8203), 'g')
$$;

-- A query in web search syntax, split as the document is, each word of the spellings below
-- widened to both (lexemes: 'adviser' is 'advis', 'advisor' is 'advisor'). The document keeps
-- the words as printed, so ts_headline marks the spelling the post uses. A pair's second
-- spelling is first folded into the first: widening then happens once, whichever was typed.
-- Pairs: British and American spellings, as listed by the Universitat de Barcelona's style
-- guide (http://www.ub.edu/cub/criteri.php?id=2240: defence, -isation, centre, analyse,
-- programme) and Coutinho's "Effective Writing in English"
-- (https://portal.coutinho.nl/effectivewritingenglish/study-material/spelling-guidelines/5-american-forms.html:
-- -our, -ogue, -ll-); adviser/advisor, both in use for job titles (the Concise Oxford
-- gives advisor as a variant, http://www.word-wizard.com/?p=231). Only words whose stems
-- cannot be taken for another word's ('authorize' stems to 'author', 'mobilize' to 'mobil').
CREATE OR REPLACE FUNCTION vacancies_search_query(words text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    widened tsquery := websearch_to_tsquery('pg_catalog.english', vacancies_search_words(words));
    spelling record;
BEGIN
    FOR spelling IN
        SELECT to_tsquery('pg_catalog.english', one) AS one, to_tsquery('pg_catalog.english', other) AS other
        FROM (VALUES
            ('adviser', 'advisor'), ('counsellor', 'counselor'),
            ('organisation', 'organization'), ('organisational', 'organizational'),
            ('analyse', 'analyze'), ('prioritise', 'prioritize'), ('recognise', 'recognize'),
            ('utilise', 'utilize'), ('stabilisation', 'stabilization'),
            ('harmonisation', 'harmonization'),
            ('programme', 'program'), ('defence', 'defense'), ('offence', 'offense'),
            ('licence', 'license'), ('centre', 'center'), ('labour', 'labor'),
            ('behaviour', 'behavior'), ('judgement', 'judgment'), ('catalogue', 'catalog')
        ) AS pairs (one, other)
    LOOP
        widened := ts_rewrite(ts_rewrite(widened, spelling.other, spelling.one),
                              spelling.one, spelling.one || spelling.other);
    END LOOP;
    RETURN widened;
END
$$;

-- The query, every word of it asked of the title and ref alone (weight A): 'polic' &
-- !'deputi' becomes 'polic':A & !'deputi':A, which a document matches exactly when its
-- weight-A words match the query. Each lexeme of the query's text gets the weight; a quote
-- inside one is written twice. websearch_to_tsquery sets no weight and no prefix of its own.
CREATE OR REPLACE FUNCTION vacancies_title_query(query tsquery) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(query::text, '''((?:[^'']|'''')*)''(?::(\*))?', '''\1'':\2A', 'g')::tsquery
$$;

-- A case-insensitive pattern that every word able to stem to one of the query's lexemes
-- holds: each lexeme but its last letter ('countri' from 'country', 'hope' from 'hoping'),
-- its first letter alone when that leaves two or fewer ('die' from 'dying'). The english
-- stemmer changes only a word's ending (Porter2: 'countries' is 'countri'), but for those few
-- words. ts_headline parses its whole text, a post's job description: the snippets are
-- written from the items this finds (PostQuerySet.with_headlines), the ones that can hold
-- a match, a fifth of the text. NULL when the query has no lexeme (only stop words).
CREATE OR REPLACE FUNCTION vacancies_match_pattern(query tsquery) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT string_agg(DISTINCT regexp_replace(stem, '([^[:alnum:]])', '\\\1', 'g'), '|')
    FROM (SELECT CASE WHEN length(lexeme) <= 3 THEN left(lexeme, 1)
                      ELSE left(lexeme, -1) END AS stem
          FROM (SELECT replace(found[1], '''''', '''') AS lexeme
                FROM regexp_matches(query::text, '''((?:[^'']|'''')*)''', 'g') AS found) AS lexemes
          WHERE lexeme <> '') AS stems
$$;

-- How well a post matches, best first. A post whose title and ref hold the whole query ranks
-- above any whose do not, however often a job description repeats the words (ts_rank adds
-- up every occurrence); among those, words together in the title rank above words apart.
-- The rest are ranked by the whole document: its weights, and how near the words are.
-- One expression, without FROM, so that Postgres inlines it into the query; there the
-- query is a constant and so is its title query, computed once (vacancies_title_query), so
-- that the test of the title costs no copy of the document: the search ranks every match,
-- and few of them hold the words in their title.
CREATE OR REPLACE FUNCTION vacancies_search_rank(document tsvector, query tsquery) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN document @@ vacancies_title_query(query)
                THEN 2 + ts_rank(ts_filter(document, '{a}'), query) + ts_rank(document, query) / 100
                ELSE ts_rank(document, query) END
$$;

-- Weights: A title and ref; B component; C mission, duty station, region and post
-- category; D the job description (the sections' items, in order).
CREATE OR REPLACE FUNCTION vacancies_post_document(post vacancies_post) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT
        setweight(to_tsvector('pg_catalog.english', vacancies_search_words(concat_ws(' ', post.title, post.ref))), 'A')
        || setweight(to_tsvector('pg_catalog.english', vacancies_search_words(coalesce(post.component, ''))), 'B')
        || setweight(to_tsvector('pg_catalog.english', vacancies_search_words(concat_ws(' ', mission.name,
               mission.acronym, post.duty_station, post.location, post.post_category))), 'C')
        || setweight(to_tsvector('pg_catalog.english', vacancies_search_words(coalesce((
               SELECT string_agg(array_to_string(section.items, ' '), ' ' ORDER BY section."order", section.id)
               FROM vacancies_section section WHERE section.post_id = post.id), ''))), 'D')
    FROM vacancies_call call JOIN vacancies_mission mission ON mission.id = call.mission_id
    WHERE call.id = post.call_id
$$;

CREATE OR REPLACE FUNCTION vacancies_post_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := vacancies_post_document(NEW);
    RETURN NEW;
END
$$;

-- On the columns the document reads, not on the copies and counts other triggers write.
CREATE OR REPLACE TRIGGER vacancies_post_search_vector
    BEFORE INSERT OR UPDATE OF title, ref, component, duty_station, location, post_category, call_id
    ON vacancies_post FOR EACH ROW EXECUTE FUNCTION vacancies_post_search_vector();

-- Once per statement: a bulk_create of sections updates each of their posts once.
CREATE OR REPLACE FUNCTION vacancies_section_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE vacancies_post post SET search_vector = vacancies_post_document(post)
        WHERE post.id IN (SELECT post_id FROM new_sections);
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE vacancies_post post SET search_vector = vacancies_post_document(post)
        WHERE post.id IN (SELECT post_id FROM old_sections);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER vacancies_section_insert_search_vector
    AFTER INSERT ON vacancies_section REFERENCING NEW TABLE AS new_sections
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_section_search_vector();
CREATE OR REPLACE TRIGGER vacancies_section_update_search_vector
    AFTER UPDATE ON vacancies_section REFERENCING OLD TABLE AS old_sections NEW TABLE AS new_sections
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_section_search_vector();
CREATE OR REPLACE TRIGGER vacancies_section_delete_search_vector
    AFTER DELETE ON vacancies_section REFERENCING OLD TABLE AS old_sections
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_section_search_vector();

CREATE OR REPLACE FUNCTION vacancies_mission_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE vacancies_post post SET search_vector = vacancies_post_document(post)
    FROM vacancies_call call WHERE post.call_id = call.id AND call.mission_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER vacancies_mission_search_vector
    AFTER UPDATE OF name, acronym ON vacancies_mission FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.acronym IS DISTINCT FROM NEW.acronym)
    EXECUTE FUNCTION vacancies_mission_search_vector();

-- A call moved to another mission: its posts' mission words change.
CREATE OR REPLACE FUNCTION vacancies_call_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE vacancies_post post SET search_vector = vacancies_post_document(post) WHERE post.call_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER vacancies_call_search_vector
    AFTER UPDATE OF mission_id ON vacancies_call FOR EACH ROW
    WHEN (OLD.mission_id IS DISTINCT FROM NEW.mission_id)
    EXECUTE FUNCTION vacancies_call_search_vector();
