namespace DeltaModel.Bmi.Native;

/// <summary>
/// The C BMI 2.0 struct NextGen's <c>bmi_c</c> formulation calls through (native/bmi.h): <c>void *data</c>, then one
/// function pointer per BMI function in the specification's order, each taking the struct itself first and returning
/// <c>BMI_SUCCESS</c> (0) or <c>BMI_FAILURE</c> (1).
/// </summary>
public unsafe struct BmiStruct
{
    public void* Data;
    public delegate* unmanaged<BmiStruct*, byte*, int> Initialize;
    public delegate* unmanaged<BmiStruct*, int> Update;
    public delegate* unmanaged<BmiStruct*, double, int> UpdateUntil;
    public delegate* unmanaged<BmiStruct*, int> Finalize;
    public delegate* unmanaged<BmiStruct*, byte*, int> GetComponentName;
    public delegate* unmanaged<BmiStruct*, int*, int> GetInputItemCount;
    public delegate* unmanaged<BmiStruct*, int*, int> GetOutputItemCount;
    public delegate* unmanaged<BmiStruct*, byte**, int> GetInputVarNames;
    public delegate* unmanaged<BmiStruct*, byte**, int> GetOutputVarNames;
    public delegate* unmanaged<BmiStruct*, byte*, int*, int> GetVarGrid;
    public delegate* unmanaged<BmiStruct*, byte*, byte*, int> GetVarType;
    public delegate* unmanaged<BmiStruct*, byte*, byte*, int> GetVarUnits;
    public delegate* unmanaged<BmiStruct*, byte*, int*, int> GetVarItemsize;
    public delegate* unmanaged<BmiStruct*, byte*, int*, int> GetVarNbytes;
    public delegate* unmanaged<BmiStruct*, byte*, byte*, int> GetVarLocation;
    public delegate* unmanaged<BmiStruct*, double*, int> GetCurrentTime;
    public delegate* unmanaged<BmiStruct*, double*, int> GetStartTime;
    public delegate* unmanaged<BmiStruct*, double*, int> GetEndTime;
    public delegate* unmanaged<BmiStruct*, byte*, int> GetTimeUnits;
    public delegate* unmanaged<BmiStruct*, double*, int> GetTimeStep;
    public delegate* unmanaged<BmiStruct*, byte*, void*, int> GetValue;
    public delegate* unmanaged<BmiStruct*, byte*, void**, int> GetValuePtr;
    public delegate* unmanaged<BmiStruct*, byte*, void*, int*, int, int> GetValueAtIndices;
    public delegate* unmanaged<BmiStruct*, byte*, void*, int> SetValue;
    public delegate* unmanaged<BmiStruct*, byte*, int*, int, void*, int> SetValueAtIndices;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridRank;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridSize;
    public delegate* unmanaged<BmiStruct*, int, byte*, int> GetGridType;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridShape;
    public delegate* unmanaged<BmiStruct*, int, double*, int> GetGridSpacing;
    public delegate* unmanaged<BmiStruct*, int, double*, int> GetGridOrigin;
    public delegate* unmanaged<BmiStruct*, int, double*, int> GetGridX;
    public delegate* unmanaged<BmiStruct*, int, double*, int> GetGridY;
    public delegate* unmanaged<BmiStruct*, int, double*, int> GetGridZ;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridNodeCount;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridEdgeCount;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridFaceCount;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridEdgeNodes;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridFaceEdges;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridFaceNodes;
    public delegate* unmanaged<BmiStruct*, int, int*, int> GetGridNodesPerFace;
}
