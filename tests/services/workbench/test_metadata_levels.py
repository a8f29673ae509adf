"""Levels are stored as codes (``town``) but typed by users in Chinese: filters and corrections take either."""

import pytest

from shared.chinese import LEVEL_NAMES, LEVELS
from shared.db.metadata import MetadataFilter, level_code, normalised_correction


@pytest.mark.parametrize(("typed", "stored"), [
    # the API's own description of the filter: 省 市 县 乡镇 街道 村
    ("省", "province"), ("市", "city"), ("县", "county"), ("乡镇", "town"), ("街道", "subdistrict"), ("村", "village"),
    # other ways a user names them
    ("镇", "town"), ("乡", "town"), ("县级", "county"), ("全国", "national"),
    # the codes themselves, as the analysis output and the API answers show them
    ("town", "town"), ("Town ", "town"),
    # anything else stays as typed
    ("开发区", "开发区"),
])
def test_level_code(typed, stored):
    assert level_code(typed) == stored


def test_every_level_has_a_chinese_name():
    assert set(LEVEL_NAMES) == set(LEVELS)


def test_a_filter_and_a_correction_in_chinese_mean_the_stored_code():
    assert MetadataFilter(level="乡镇").accepts({"level": "town"})
    assert not MetadataFilter(level="县").accepts({"level": "town"})
    assert normalised_correction({"level": "乡镇"}) == {"level": "town"}


def test_the_stored_metadata_fields_are_those_the_analysis_core_finds():
    from dataclasses import fields

    from services.ingest.api.routes.documents import MetadataPatch
    from services.parse.metadata import ReportMetadata
    from shared.db.models import METADATA_FIELDS, DocumentMetadata

    found = [f.name for f in fields(ReportMetadata)]
    assert list(METADATA_FIELDS) == found
    assert set(found) <= set(DocumentMetadata.__table__.columns.keys())
    assert set(MetadataPatch.model_fields) == {*found, "reset"}
