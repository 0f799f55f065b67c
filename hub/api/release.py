"""Device endpoints for fleet updates: the offered version's signed manifest, its package,
and the device's report of how the update went (see sync/update.py)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from hub.fleet import releases

from .device import Device
from .errors import ApiError, documented
from .models import FILE, RANGES, Done, Offer, ok

router = APIRouter(prefix="/api/v1/releases", tags=["device"])
_VERSION = r"^[0-9][0-9A-Za-z.+_]{0,39}$"
Prereleases = Annotated[bool, Query(description="Whether this device takes pre-releases (0.3.0rc1); "
                                                "its config's [update] prereleases")]


@router.get("/offer", summary="The app version offered to this device: a signed manifest, or 204",
            responses={**ok(Offer), 204: {"description": "No version is offered to this device"},
                       **documented(400, 401)})
def get_offer(request: Request, device: Device, prereleases: Prereleases = False):
    """The update offered to this device: the signed manifest it checks before downloading, or 204 when none is."""
    with request.app.state.engine.connect() as conn:
        offered = releases.offered_to(conn, device, prereleases)
    if offered is None:
        return Response(status_code=204)
    return {"manifest": offered.manifest, "signature": offered.signature}


@router.get("/{version}/package", summary="The package of a version offered to this device",
            response_class=FileResponse, responses={200: FILE, **RANGES, **documented(400, 401, 404)})
def get_package(request: Request, device: Device, version: Annotated[str, Path(pattern=_VERSION)],
                prereleases: Prereleases = False):
    """The package of the version offered to this device, to download (resumably) and check against its manifest."""
    with request.app.state.engine.connect() as conn:
        offered = releases.offered_to(conn, device, prereleases)
    path = request.app.state.files.path(offered.sha256) if offered else None
    if offered is None or offered.version != version or not path.is_file():
        raise ApiError(404, "no such release offered to this device")
    return FileResponse(path, media_type="application/octet-stream", filename=offered.filename,
                        headers={"ETag": f'"{offered.sha256}"'})


class Report(BaseModel):
    """A device's word on how installing an offered version went."""

    version: str = Field(pattern=_VERSION)
    outcome: Literal["installed", "failed", "rolled_back"]
    detail: str = Field("", max_length=2000)


@router.post("/report", summary="How the device's last update went",
             responses={**ok(Done), **documented(400, 401, 413)})
def post_report(request: Request, device: Device, report: Report):
    """Record how a device's update went, for the console's release page."""
    with request.app.state.engine.begin() as conn:
        releases.record_report(conn, device, report.version, report.outcome, report.detail)
    return {"ok": True}
