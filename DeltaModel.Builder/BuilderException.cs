namespace DeltaModel.Builder;

/// <summary>
/// A request the builder refuses, with the HTTP status and a message that names what was wrong (a path outside the
/// workspace, a run already going, a missing field). The page shows the message; no stack trace leaves the server.
/// </summary>
public sealed class BuilderException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static BuilderException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
    public static BuilderException Forbidden(string message) => new(StatusCodes.Status403Forbidden, message);
    public static BuilderException NotFound(string message) => new(StatusCodes.Status404NotFound, message);
    public static BuilderException Unprocessable(string message) => new(StatusCodes.Status422UnprocessableEntity, message);
    public static BuilderException Conflict(string message) => new(StatusCodes.Status409Conflict, message);
}
