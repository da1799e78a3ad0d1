namespace DeltaModel.Bmi;

/// <summary>A BMI call that cannot be carried out; the message says why, for the caller to log (the C entry points
/// turn it into <c>BMI_FAILURE</c> and keep the message, <c>deltamodel_bmi_last_error</c>).</summary>
public sealed class BmiException(string message) : Exception(message);
