-- Full-text search of posts: Post.search_vector, a weighted tsvector of the post and what
-- surrounds it. Triggers, not Django signals: the importer bulk-creates sections and the
-- admin edits missions and calls, and neither goes through Post.save().
-- The configuration, pg_catalog.english, is vacancies.search.SEARCH_CONFIG's.

-- Weights: A title and ref; B component; C mission, duty station, region and post
-- category; D the job description (the sections' items, in order).
CREATE OR REPLACE FUNCTION vacancies_post_document(post vacancies_post) RETURNS tsvector
LANGUAGE sql STABLE AS $$
    SELECT
        setweight(to_tsvector('pg_catalog.english', concat_ws(' ', post.title, post.ref)), 'A')
        || setweight(to_tsvector('pg_catalog.english', coalesce(post.component, '')), 'B')
        || setweight(to_tsvector('pg_catalog.english', concat_ws(' ', mission.name, mission.acronym,
               post.duty_station, post.location, post.post_category)), 'C')
        || setweight(to_tsvector('pg_catalog.english', coalesce((
               SELECT string_agg(array_to_string(section.items, ' '), ' ' ORDER BY section."order", section.id)
               FROM vacancies_section section WHERE section.post_id = post.id), '')), 'D')
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
