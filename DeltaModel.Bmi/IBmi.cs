namespace DeltaModel.Bmi;

/// <summary>
/// The CSDMS Basic Model Interface 2.0 (bmi.readthedocs.io), every function, in the specification's order and with its
/// names in C# casing. Where the specification returns a status, these methods return nothing and throw
/// <see cref="BmiException"/> with the reason (the C entry points turn it into <c>BMI_FAILURE</c>). <c>finalize</c> is
/// <see cref="FinalizeModel"/> (C# reserves <c>Finalize</c>). Values are copied through spans of the variable's type.
/// </summary>
public interface IBmi
{
    // Initialize, run, finalize
    void Initialize(string configFile);
    void Update();
    void UpdateUntil(double time);
    void FinalizeModel();

    // Model information
    string GetComponentName();
    int GetInputItemCount();
    int GetOutputItemCount();
    string[] GetInputVarNames();
    string[] GetOutputVarNames();

    // Variable information
    int GetVarGrid(string name);
    string GetVarType(string name);
    string GetVarUnits(string name);
    int GetVarItemsize(string name);
    int GetVarNbytes(string name);
    string GetVarLocation(string name);

    // Time information
    double GetCurrentTime();
    double GetStartTime();
    double GetEndTime();
    string GetTimeUnits();
    double GetTimeStep();

    // Getters and setters
    void GetValue(string name, Span<double> destination);
    /// <summary>The variable's own buffer (pinned: its address stays valid until <see cref="FinalizeModel"/>).</summary>
    double[] GetValuePtr(string name);
    void GetValueAtIndices(string name, Span<double> destination, ReadOnlySpan<int> indices);
    void SetValue(string name, ReadOnlySpan<double> source);
    void SetValueAtIndices(string name, ReadOnlySpan<int> indices, ReadOnlySpan<double> source);

    // Grid information (every grid)
    int GetGridRank(int grid);
    int GetGridSize(int grid);
    string GetGridType(int grid);

    // Uniform rectilinear
    void GetGridShape(int grid, Span<int> shape);
    void GetGridSpacing(int grid, Span<double> spacing);
    void GetGridOrigin(int grid, Span<double> origin);

    // Non-uniform rectilinear, curvilinear
    void GetGridX(int grid, Span<double> x);
    void GetGridY(int grid, Span<double> y);
    void GetGridZ(int grid, Span<double> z);

    // Unstructured
    int GetGridNodeCount(int grid);
    int GetGridEdgeCount(int grid);
    int GetGridFaceCount(int grid);
    void GetGridEdgeNodes(int grid, Span<int> edgeNodes);
    void GetGridFaceEdges(int grid, Span<int> faceEdges);
    void GetGridFaceNodes(int grid, Span<int> faceNodes);
    void GetGridNodesPerFace(int grid, Span<int> nodesPerFace);
}
