"""The demo resource library: about ten resources, toolkits with files, discussions, once."""

from django.core.management import call_command

from cms.enums import ResourceType
from cms.models import HomePage, ResourcePage
from cop.enums import PostStatus


def _seed(capsys) -> str:
    call_command("seed_resources")
    return capsys.readouterr().out


def test_seed_resources_writes_the_library_once(capsys, client, member_factory):
    member_factory(username="ed_editor", display_name="Eddie Brennan")
    out = _seed(capsys)
    assert "resource 1/10: " in out
    assert "Resources ready: 10 new of 10" in out

    pages = ResourcePage.objects.live()
    assert pages.count() == 10
    assert {page.resource_type for page in pages} == set(ResourceType.values)
    toolkits = pages.filter(resource_type=ResourceType.TOOLKIT)
    assert toolkits.count() >= 3
    for toolkit in toolkits:
        documents = [block.value["document"] for block in toolkit.body
                     if block.block_type == "document"]
        assert documents, toolkit.title
        assert documents[0].get_file_size() > 100
        html = client.get(toolkit.url).content.decode()
        assert f'href="{documents[0].url}"' in html
    for page in pages:
        assert page.owner.username == "ed_editor"
        assert page.discussion_thread.status == PostStatus.PUBLISHED
        assert page.topic_tags.exists()
    slugs = {tag.slug for page in pages for tag in page.topic_tags.all()}
    assert {"coproducegm", "peerresearch", "toolkit", "evaluation", "livedexperience"} <= slugs
    assert HomePage.objects.get().featured_resources.count() == 3

    again = _seed(capsys)
    assert "Resources ready: 0 new of 10" in again
    assert "(already there)" in again
    assert ResourcePage.objects.count() == 10
    assert HomePage.objects.get().featured_resources.count() == 3


def test_seed_resources_pdf_is_a_well_formed_pdf(capsys, member_factory):
    from wagtail.documents.models import Document

    member_factory(username="ed_editor")
    _seed(capsys)
    pdf = Document.objects.get(file__endswith=".pdf")
    with pdf.open_file() as handle:
        data = handle.read()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    startxref = int(data.rsplit(b"startxref", 1)[1].split()[0])
    assert data[startxref:startxref + 4] == b"xref"
    assert b"Co-production planning canvas" in data
