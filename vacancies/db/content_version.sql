-- ContentVersion: one row whose number moves with every change of what the public pages
-- show (the seven tables HR writes). Cached pages and counts, ETags and Last-Modified are
-- keyed on it (vacancies/caching.py), so a cache is never older than the data.
-- Statement triggers: a bulk import or a COPY of a million rows bumps it once per
-- statement. The UPDATE locks the row until the transaction commits: writers of content
-- take turns (README.md, "The content-version lock").

CREATE OR REPLACE FUNCTION vacancies_bump_content_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE vacancies_contentversion SET number = number + 1, changed_at = now() WHERE id = 1;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER vacancies_organisation_bump_content_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_organisation
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_content_version();
CREATE OR REPLACE TRIGGER vacancies_mission_bump_content_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_mission
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_content_version();
CREATE OR REPLACE TRIGGER vacancies_call_bump_content_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_call
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_content_version();
CREATE OR REPLACE TRIGGER vacancies_callpart_bump_content_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_callpart
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_content_version();
CREATE OR REPLACE TRIGGER vacancies_post_bump_content_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_post
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_content_version();
CREATE OR REPLACE TRIGGER vacancies_vacancy_bump_content_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_vacancy
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_content_version();
CREATE OR REPLACE TRIGGER vacancies_section_bump_content_version
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vacancies_section
    FOR EACH STATEMENT EXECUTE FUNCTION vacancies_bump_content_version();
