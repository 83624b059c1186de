// An MPU-6050 on Linux's i2c-stub, moving: keeps the chip's output registers updated from a
// steady turn (speed v, yaw rate w) the way the real chip's sampling does, so that the worker's
// unchanged driver reads a known motion through /dev/i2c-N.
//
//   mpu6050-motion BUS ADDRESS SPEED_MPS YAW_RATE_RADPS
//
// i2c-stub is only a register bank, so the chip's behaviour is emulated here, from the register
// map (RM-MPU-6000A): reset values (all 0x00 but PWR_MGMT_1 0x40 and WHO_AM_I 0x68), DEVICE_RESET
// (PWR_MGMT_1 bit 7) restores them, a sleeping chip holds its outputs, and the outputs follow the
// full-scale ranges the driver wrote to GYRO_CONFIG and ACCEL_CONFIG. The values carry one LSB of
// alternating noise, as a real chip does, so the worker's stuck-sensor check stays quiet.
// SIGUSR1 cuts the chip's power (every register reads 0x00, WHO_AM_I too); SIGUSR2 powers it on.
// Built statically on the host: the VM image carries no compiler.
#include <errno.h>
#include <fcntl.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

enum { GYRO_CONFIG = 0x1B, ACCEL_CONFIG = 0x1C, ACCEL_XOUT_H = 0x3B,
       PWR_MGMT_1 = 0x6B, WHO_AM_I = 0x75, REGISTER_COUNT = 0x76 };
enum { DEVICE_RESET = 0x80, SLEEP = 0x40, MPU6050_ID = 0x68 };
static const double standard_gravity = 9.80665;
static const long period_ns = 5000000; // 200 Hz: twice the worker's default polling rate

static volatile sig_atomic_t powered = 1;
static void power_off(int signal) { (void)signal; powered = 0; }
static void power_on(int signal) { (void)signal; powered = 1; }

static int smbus(int fd, char read_write, uint8_t command, int size, union i2c_smbus_data *data) {
    struct i2c_smbus_ioctl_data args = { .read_write = read_write, .command = command, .size = size, .data = data };
    return ioctl(fd, I2C_SMBUS, &args);
}

static int read_byte(int fd, uint8_t reg) {
    union i2c_smbus_data data;
    return smbus(fd, I2C_SMBUS_READ, reg, I2C_SMBUS_BYTE_DATA, &data) < 0 ? -1 : data.byte;
}

static int write_block(int fd, uint8_t reg, const uint8_t *bytes, int length) {
    union i2c_smbus_data data;
    data.block[0] = (uint8_t)length;
    memcpy(&data.block[1], bytes, (size_t)length);
    return smbus(fd, I2C_SMBUS_WRITE, reg, I2C_SMBUS_I2C_BLOCK_DATA, &data);
}

// Every register to its value after power-on (value 0x00 everywhere when unpowered).
static int load_registers(int fd, int on) {
    uint8_t map[REGISTER_COUNT] = { 0 };
    if (on) {
        map[PWR_MGMT_1] = SLEEP;
        map[WHO_AM_I] = MPU6050_ID;
    }
    for (int reg = 0; reg < REGISTER_COUNT; reg += 32) {
        int length = REGISTER_COUNT - reg < 32 ? REGISTER_COUNT - reg : 32;
        if (write_block(fd, (uint8_t)reg, map + reg, length) < 0) return -1;
    }
    return 0;
}

static int16_t saturate(double lsb) {
    double r = lround(lsb);
    return (int16_t)(r > 32767 ? 32767 : r < -32768 ? -32768 : r);
}

static void put16(uint8_t *at, int16_t value) { at[0] = (uint8_t)((uint16_t)value >> 8); at[1] = (uint8_t)value; }

// One sample of the steady turn: centripetal v*w to the left (+y), gravity up (+z), yaw rate w.
static int write_sample(int fd, double v, double w, long sample) {
    int gyro = read_byte(fd, GYRO_CONFIG), accel = read_byte(fd, ACCEL_CONFIG);
    if (gyro < 0 || accel < 0) return -1;
    double lsb_per_g = 16384.0 / (1 << ((accel >> 3) & 3));
    double lsb_per_dps = 131.0 / (1 << ((gyro >> 3) & 3));
    int noise = (int)(sample % 3) - 1;
    double a[3] = { 0.0, v * w, standard_gravity };
    double g[3] = { 0.0, 0.0, w * 180.0 / M_PI };
    uint8_t out[14];
    for (int i = 0; i < 3; i++) put16(out + 2 * i, saturate(a[i] / standard_gravity * lsb_per_g + noise));
    put16(out + 6, saturate((25.0 - 36.53) * 340.0)); // 25 °C (PS-MPU-6000A 6.4)
    for (int i = 0; i < 3; i++) put16(out + 8 + 2 * i, saturate(g[i] * lsb_per_dps - noise));
    return write_block(fd, ACCEL_XOUT_H, out, sizeof out);
}

static int open_chip(int bus, int address) {
    char path[32];
    snprintf(path, sizeof path, "/dev/i2c-%d", bus);
    int fd = open(path, O_RDWR);
    if (fd >= 0 && ioctl(fd, I2C_SLAVE, address) < 0) { close(fd); return -1; }
    return fd;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s BUS ADDRESS SPEED_MPS YAW_RATE_RADPS\n", argv[0]);
        return 2;
    }
    int bus = atoi(argv[1]), address = (int)strtol(argv[2], NULL, 0);
    double v = atof(argv[3]), w = atof(argv[4]);
    signal(SIGUSR1, power_off);
    signal(SIGUSR2, power_on);
    setvbuf(stdout, NULL, _IOLBF, 0);

    int fd = -1, was_powered = -1;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (long sample = 0;; sample++) {
        if (fd < 0 && (fd = open_chip(bus, address)) >= 0) was_powered = -1;
        int on = powered;
        if (fd >= 0 && on != was_powered) {
            if (load_registers(fd, on) == 0) {
                printf("mpu6050-motion: chip %s on /dev/i2c-%d at 0x%02x (v %.3f m/s, w %.3f rad/s)\n",
                       on ? "powered on" : "powered off", bus, address, v, w);
                was_powered = on;
            }
        }
        if (fd >= 0 && on) {
            int power = read_byte(fd, PWR_MGMT_1);
            int ok = power >= 0;
            if (ok && (power & DEVICE_RESET)) ok = load_registers(fd, 1) == 0;
            else if (ok && !(power & SLEEP)) ok = write_sample(fd, v, w, sample) == 0;
            if (!ok) { close(fd); fd = -1; } // the bus went away: reopen it on the next tick
        }
        next.tv_nsec += period_ns;
        if (next.tv_nsec >= 1000000000L) { next.tv_nsec -= 1000000000L; next.tv_sec++; }
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) { }
    }
}
