/*
 * Drives DeltaModel's native BMI library the way NextGen's bmi_c formulation does: dlopen, register_bmi, initialize,
 * a loop of set_value / update / get_value, finalize; then the failures a caller must survive. Built and run by
 * NativeBmiTests (tests/DeltaModel.Application.Tests/Bmi).
 *
 * usage: bmi_driver <library> <config.yaml> <inputs.txt> <expected.txt> <bad_config.yaml>
 *                   [<points_config.yaml> <points_expected.txt> <bad_state_config.yaml> <continue_config.yaml>]
 *   inputs.txt           one line per day: precipitation [mm s-1], air temperature [K], PET [mm s-1]
 *   expected.txt         one line per day: the batch run's streamflow [mm d-1]
 *   points_config.yaml   several basins in one instance (a points grid), forcings from their files, a final_state
 *   points_expected.txt  one line per day: the batch run's streamflow of each basin, in the config's order
 *   bad_state_config     a config whose initial_state is not a usable state file
 *   continue_config      a config starting the day after, from the points instance's final_state
 * Prints key=value lines; exit status 0 when every check passed.
 */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "bmi.h"

typedef Bmi *(*register_fn)(Bmi *);
typedef const char *(*error_fn)(Bmi *);

static int failures = 0;
static error_fn last_error;

static void check(int ok, const char *what) {
    if (!ok) { printf("FAILED: %s\n", what); failures++; }
}

/* A call that must fail cleanly, with a message. */
static void expect_failure(Bmi *m, int status, const char *what) {
    const char *message = last_error(m);
    printf("expected_failure %s: status=%d message=%s\n", what, status, message);
    check(status == BMI_FAILURE, what);
    check(message != NULL && strlen(message) > 0, "a failure leaves a message");
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Several basins in one instance: a points grid of one node per basin; every value an array of that many doubles. */
static void points_grid(register_fn reg, const char *config, const char *expected_file, const char *bad_state_config, const char *continue_config) {
    Bmi model;
    reg(&model);
    if (model.initialize(&model, config) != BMI_SUCCESS) { printf("FAILED: points initialize: %s\n", last_error(&model)); failures++; return; }
    char grid_type[BMI_MAX_TYPE_NAME];
    int grid = -1, rank = -1, size = 0, nodes = 0, nbytes = 0, itemsize = 0;
    model.get_var_grid(&model, "streamflow", &grid);
    model.get_grid_type(&model, grid, grid_type);
    model.get_grid_rank(&model, grid, &rank);
    model.get_grid_size(&model, grid, &size);
    model.get_grid_node_count(&model, grid, &nodes);
    model.get_var_nbytes(&model, "streamflow", &nbytes);
    model.get_var_itemsize(&model, "streamflow", &itemsize);
    printf("points grid=%d type=%s rank=%d size=%d nodes=%d nbytes=%d\n", grid, grid_type, rank, size, nodes, nbytes);
    check(strcmp(grid_type, "points") == 0 && rank == 2 && size > 1 && nodes == size && nbytes == size * itemsize, "several basins are a points grid");
    if (size <= 1 || size > 64) { failures++; return; }
    double x[64], y[64];
    check(model.get_grid_x(&model, grid, x) == BMI_SUCCESS && model.get_grid_y(&model, grid, y) == BMI_SUCCESS, "get_grid_x and get_grid_y");
    printf("points first node at lon=%.4f lat=%.4f\n", x[0], y[0]);
    check(x[0] >= -180 && x[0] <= 180 && y[0] >= -90 && y[0] <= 90, "node coordinates are degrees");

    double start, end, step;
    model.get_start_time(&model, &start);
    model.get_end_time(&model, &end);
    model.get_time_step(&model, &step);
    int days = (int)((end - start) / step);
    FILE *expected = fopen(expected_file, "r");
    if (!expected) { printf("FAILED: cannot open %s\n", expected_file); failures++; return; }
    double q[64], q_expected[64], at = 0, max_diff = 0, max_q = 0;
    int last = size - 1;
    for (int t = 0; t < days; t++) {
        if (model.update(&model) != BMI_SUCCESS) { printf("FAILED: points update on day %d: %s\n", t, last_error(&model)); failures++; break; }
        model.get_value(&model, "streamflow", q);
        model.get_value_at_indices(&model, "streamflow", &at, &last, 1);
        check(at == q[last], "get_value_at_indices picks the node");
        for (int b = 0; b < size; b++) {
            if (fscanf(expected, "%lf", &q_expected[b]) != 1) { printf("FAILED: points expected ends on day %d\n", t); failures++; fclose(expected); return; }
            if (fabs(q[b] - q_expected[b]) > max_diff) max_diff = fabs(q[b] - q_expected[b]);
            if (fabs(q_expected[b]) > max_q) max_q = fabs(q_expected[b]);
        }
    }
    fclose(expected);
    double relative = max_q > 0 ? max_diff / max_q : max_diff;
    printf("points days=%d max_relative_difference=%.3e\n", days, relative);
    check(relative <= 1e-4, "every basin of the points grid equals the batch run to 1e-4 relative");
    check(model.finalize(&model) == BMI_SUCCESS, "points finalize (writes the final_state)");

    Bmi next;
    reg(&next);
    int status = next.initialize(&next, continue_config);
    if (status != BMI_SUCCESS) printf("continue initialize: %s\n", last_error(&next));
    check(status == BMI_SUCCESS, "initialize from the final_state the points instance wrote");
    next.finalize(&next);

    Bmi bad;
    reg(&bad);
    expect_failure(&bad, bad.initialize(&bad, bad_state_config), "initialize with a bad initial_state");
    bad.finalize(&bad);
}

int main(int argc, char **argv) {
    if (argc != 6 && argc != 10) {
        fprintf(stderr, "usage: %s <library> <config> <inputs> <expected> <bad_config> [<points_config> <points_expected> <bad_state_config> <continue_config>]\n", argv[0]);
        return 2;
    }
    void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!lib) { printf("FAILED: dlopen: %s\n", dlerror()); return 1; }
    register_fn reg = (register_fn)dlsym(lib, "register_bmi");
    last_error = (error_fn)dlsym(lib, "deltamodel_bmi_last_error");
    if (!reg || !last_error) { printf("FAILED: register_bmi or deltamodel_bmi_last_error not exported\n"); return 1; }

    /* Bad configuration files: a missing one and a malformed one. */
    Bmi bad;
    check(reg(&bad) == &bad, "register_bmi returns its argument");
    expect_failure(&bad, bad.initialize(&bad, "/nonexistent/bmi.yaml"), "initialize with a missing config");
    Bmi bad2;
    reg(&bad2);
    expect_failure(&bad2, bad2.initialize(&bad2, argv[5]), "initialize with a malformed config");
    bad.finalize(&bad);
    bad2.finalize(&bad2);

    Bmi model;
    reg(&model);
    double t0 = now();
    int status = model.initialize(&model, argv[2]);
    double initialize_ms = (now() - t0) * 1e3;
    if (status != BMI_SUCCESS) { printf("FAILED: initialize: %s\n", last_error(&model)); return 1; }
    printf("initialize_ms=%.3f\n", initialize_ms);

    char name[BMI_MAX_COMPONENT_NAME], units[BMI_MAX_UNITS_NAME], type[BMI_MAX_TYPE_NAME], grid_type[BMI_MAX_TYPE_NAME];
    check(model.get_component_name(&model, name) == BMI_SUCCESS, "get_component_name");
    printf("component=%s\n", name);
    int n_in = 0, n_out = 0;
    model.get_input_item_count(&model, &n_in);
    model.get_output_item_count(&model, &n_out);
    printf("inputs=%d outputs=%d\n", n_in, n_out);
    check(n_in == 3 && n_out > 2, "item counts");
    char **names = malloc(sizeof(char *) * n_out);
    for (int i = 0; i < n_out; i++) names[i] = malloc(BMI_MAX_VAR_NAME);
    check(model.get_output_var_names(&model, names) == BMI_SUCCESS, "get_output_var_names");
    check(strcmp(names[0], "land_surface_water__runoff_volume_flux") == 0, "first output is the runoff volume flux");
    check(model.get_var_units(&model, "land_surface_water__runoff_volume_flux", units) == BMI_SUCCESS && strcmp(units, "m3 s-1") == 0, "volume flux units");
    check(model.get_var_units(&model, "land_surface_air__temperature", units) == BMI_SUCCESS && strcmp(units, "K") == 0, "temperature units");
    check(model.get_var_type(&model, "streamflow", type) == BMI_SUCCESS && strcmp(type, "double") == 0, "type double");
    int size = 0, nbytes = 0, grid = -1, rank = -1, gsize = 0;
    model.get_var_itemsize(&model, "streamflow", &size);
    model.get_var_nbytes(&model, "streamflow", &nbytes);
    model.get_var_grid(&model, "streamflow", &grid);
    model.get_grid_rank(&model, grid, &rank);
    model.get_grid_size(&model, grid, &gsize);
    model.get_grid_type(&model, grid, grid_type);
    check(size == 8 && nbytes == 8 && grid == 0 && rank == 0 && gsize == 1 && strcmp(grid_type, "scalar") == 0, "one catchment is a scalar grid");
    double start, end, step, current;
    model.get_start_time(&model, &start);
    model.get_end_time(&model, &end);
    model.get_time_step(&model, &step);
    model.get_time_units(&model, units);
    check(step == 86400.0 && strcmp(units, "s") == 0, "daily step in seconds");
    int days = (int)((end - start) / step);
    printf("days=%d\n", days);

    FILE *inputs = fopen(argv[3], "r"), *expected = fopen(argv[4], "r");
    if (!inputs || !expected) { printf("FAILED: cannot open the inputs or expected files\n"); return 1; }
    double max_diff = 0, max_q = 0, update_seconds = 0, *q_ptr = NULL;
    check(model.get_value_ptr(&model, "streamflow", (void **)&q_ptr) == BMI_SUCCESS && q_ptr != NULL, "get_value_ptr");
    for (int t = 0; t < days; t++) {
        double p, temp, pet, q_expected, q, volume;
        if (fscanf(inputs, "%lf %lf %lf", &p, &temp, &pet) != 3 || fscanf(expected, "%lf", &q_expected) != 1) {
            printf("FAILED: inputs or expected end on day %d\n", t); return 1;
        }
        model.set_value(&model, "atmosphere_water__liquid_equivalent_precipitation_rate", &p);
        model.set_value(&model, "land_surface_air__temperature", &temp);
        model.set_value(&model, "water_potential_evaporation_flux", &pet);
        double u0 = now();
        status = model.update(&model);
        update_seconds += now() - u0;
        if (status != BMI_SUCCESS) { printf("FAILED: update on day %d: %s\n", t, last_error(&model)); return 1; }
        model.get_value(&model, "streamflow", &q);
        model.get_value(&model, "land_surface_water__runoff_volume_flux", &volume);
        check(q == *q_ptr, "get_value_ptr follows the updates");
        check(volume >= 0 && isfinite(volume), "volume flux finite");
        if (fabs(q - q_expected) > max_diff) max_diff = fabs(q - q_expected);
        if (fabs(q_expected) > max_q) max_q = fabs(q_expected);
    }
    model.get_current_time(&model, &current);
    check(current == end, "the loop reaches the end time");
    double relative = max_q > 0 ? max_diff / max_q : max_diff;
    printf("max_abs_difference=%.3e max_streamflow=%.4f max_relative_difference=%.3e\n", max_diff, max_q, relative);
    printf("update_us=%.3f\n", update_seconds / days * 1e6);
    check(relative <= 1e-4, "streamflow equals the batch run to 1e-4 relative");

    /* Failures a caller must survive: each BMI_FAILURE with a message, never a crash. */
    double value[4];
    int index = 1, negative = -1;
    expect_failure(&model, model.get_value(&model, "no_such_variable", value), "get_value of an unknown variable");
    expect_failure(&model, model.set_value(&model, "streamflow", value), "set_value of an output");
    expect_failure(&model, model.get_value_at_indices(&model, "streamflow", value, &index, 1), "get_value_at_indices past the buffer");
    expect_failure(&model, model.set_value_at_indices(&model, "land_surface_air__temperature", &index, negative, value), "set_value_at_indices with a negative count");
    expect_failure(&model, model.update(&model), "update past the end time");
    expect_failure(&model, model.update_until(&model, end + 3600), "update_until an hour on");
    expect_failure(&model, model.get_grid_shape(&model, 0, &index), "get_grid_shape of a scalar grid");
    check(model.finalize(&model) == BMI_SUCCESS, "finalize");
    expect_failure(&model, model.finalize(&model), "finalize twice");
    expect_failure(&model, model.get_value(&model, "streamflow", value), "get_value after finalize");

    if (argc == 10) points_grid(reg, argv[6], argv[7], argv[8], argv[9]);

    printf("failures=%d\n", failures);
    return failures == 0 ? 0 : 1;
}
