import pytest
from django.contrib.auth.models import Group, User


@pytest.fixture
def hr_editor(db) -> User:
    """A staff member in the HR editor group, as HR staff are set up."""
    user = User.objects.create_user("hr", "hr@example.org", "a-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="HR editor"))
    return user
