"""Errors the hub's JSON APIs return: always ``{"error": "<plain words>"}`` with a status code,
and the same shape and codes documented in the OpenAPI contract."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel


class Error(BaseModel):
    """Every refusal and failure of the JSON APIs."""

    error: str


class ApiError(Exception):
    """A refusal a JSON API route raises, answered as ``{"error": message}`` with ``status``."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


_MEANINGS = {
    400: "Invalid input: a field, parameter or header is missing or out of range",
    401: "No valid bearer token",
    403: "The account's role does not allow this",
    404: "No such thing for this caller",
    413: "The request body is too large",
    422: "Well-formed, but refused by a rule (the reason is in Chinese)",
    429: "Too many attempts from this address or account; try later",
}


def answer(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The one way a JSON API says no."""
    return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: each refusal it can give, all with the Error shape."""
    return {status: {"model": Error, "description": _MEANINGS[status]} for status in statuses}


def install(app: FastAPI) -> None:
    """Answer ApiError in the Error shape, and keep the OpenAPI document true to it."""

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return answer(exc.status, exc.message)

    generate = app.openapi

    def contract() -> dict[str, Any]:
        """FastAPI's document less the 422 it adds to every route with parameters: the hub
        answers invalid input 400 in the Error shape (each route documents it), never with
        FastAPI's list of validation errors."""
        schema = generate()
        for operation in (op for path in schema["paths"].values() for op in path.values()):
            if _FASTAPI_422 in str(operation["responses"].get("422", "")):
                del operation["responses"]["422"]
        for name in (_FASTAPI_422, "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        return schema

    app.openapi = contract


_FASTAPI_422 = "HTTPValidationError"
