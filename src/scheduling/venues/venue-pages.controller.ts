import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { OrganiserGuard } from '../../auth/organiser.guard';
import { DomainError } from '../../common/domain-error';
import { VenueInput, VenuesService } from './venues.service';

/** The venue list page: add a venue, change one (zh-CN, without JavaScript). City organisers only. */
@Controller('admin/venues')
@UseGuards(OrganiserGuard)
export class VenuePagesController {
  constructor(private readonly venues: VenuesService) {}

  @Get()
  async list(@Query('notice') notice: string | undefined, @Res() res: Response) {
    res.render('scheduling/venues', await this.model(notice === 'saved' ? '场地已保存。' : undefined));
  }

  @Post()
  async create(@Body() form: Record<string, unknown>, @Res() res: Response) {
    try {
      await this.venues.create(readVenueForm(form));
      res.redirect(303, '/admin/venues?notice=saved');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(error.status).render('scheduling/venues', { ...(await this.model()), error: error.message, draft: form });
    }
  }

  @Post(':id')
  async update(@Param('id', ParseIntPipe) id: number, @Body() form: Record<string, unknown>, @Res() res: Response) {
    try {
      await this.venues.update(id, readVenueForm(form));
      res.redirect(303, '/admin/venues?notice=saved');
    } catch (error) {
      // A venue that does not exist is the ordinary 404 page, not the list with a banner.
      if (!(error instanceof DomainError) || error.code === 'NOT_FOUND') throw error;
      res.status(error.status).render('scheduling/venues', { ...(await this.model()), error: error.message });
    }
  }

  private async model(notice?: string) {
    return { title: '场地', notice, venues: (await this.venues.list()).map((v) => ({ id: v.id, name: v.name, address: v.address, room: v.room, capacity: v.capacity })) };
  }
}

/** The venue form's fields; capacity NaN when not a whole number (refused by the service). */
export function readVenueForm(form: Record<string, unknown>): VenueInput {
  const text = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : typeof form[k] === 'number' ? String(form[k]) : '');
  const capacity = text('capacity').trim();
  return { name: text('name'), address: text('address'), room: text('room'), capacity: /^-?\d{1,6}$/.test(capacity) ? Number(capacity) : NaN };
}
