-- Each post carries a copy of its call's status, deadline, publication time and mission
-- (Post.call_status, deadline, published_at, mission). The list filters open posts and
-- sorts them by deadline over a million posts: with the copies that is one index range on
-- vacancies_post, without them a join with every call; PostCount groups by the mission.
-- Triggers keep the copies true whatever writes the rows (admin, importer, COPY, SQL).

CREATE OR REPLACE FUNCTION vacancies_post_copy_call() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT call.status, call.deadline, call.published_at, call.mission_id
    INTO NEW.call_status, NEW.deadline, NEW.published_at, NEW.mission_id
    FROM vacancies_call call WHERE call.id = NEW.call_id;
    RETURN NEW;
END
$$;

-- Any write of the copies or of call_id takes them from the call again: they cannot drift.
CREATE OR REPLACE TRIGGER vacancies_post_copy_call
    BEFORE INSERT OR UPDATE OF call_id, call_status, deadline, published_at, mission_id
    ON vacancies_post FOR EACH ROW EXECUTE FUNCTION vacancies_post_copy_call();

CREATE OR REPLACE FUNCTION vacancies_call_copy_to_posts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE vacancies_post SET call_status = NEW.status, deadline = NEW.deadline,
                              published_at = NEW.published_at, mission_id = NEW.mission_id
    WHERE call_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER vacancies_call_copy_to_posts
    AFTER UPDATE OF status, deadline, published_at, mission_id ON vacancies_call FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.deadline IS DISTINCT FROM NEW.deadline
          OR OLD.published_at IS DISTINCT FROM NEW.published_at
          OR OLD.mission_id IS DISTINCT FROM NEW.mission_id)
    EXECUTE FUNCTION vacancies_call_copy_to_posts();
